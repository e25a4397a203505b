"""Every action the audit log records, with the words the audit page shows for it.

The stored value is a stable code (`scoring.closed`); the label is what an auditor reads
("Scoring closed with a reason"). Add a member here before recording a new action: the
column's choices are this enumeration, and the audit page's action filter lists every member.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditAction(models.TextChoices):
    # Setting up: programmes, areas, vacancies, campaigns and their rules
    PROGRAMME_CREATED = "programme.created", _("Programme created")
    AREA_CREATED = "area.created", _("Area created")
    VACANCY_CREATED = "vacancy.created", _("Vacancy created")
    CAMPAIGN_CREATED = "campaign.created", _("Campaign created")
    STAGE_ADDED = "stage.added", _("Stage added to the campaign")
    STAGE_CHANGED = "stage.changed", _("Stage's rules changed")
    STAGE_REMOVED = "stage.removed", _("Stage removed from the campaign")
    CONSENSUS_SHIFT_CHANGED = (
        "campaign.consensus_shift_changed",
        _("Largest change the panel may agree changed"),
    )
    RULES_LOCKED = "campaign.rules_locked", _("Campaign rules checked and locked")
    RETENTION_PERIOD_CHANGED = "retention.period_changed", _("Retention period changed")
    PRIVACY_CONTACT_CHANGED = "retention.privacy_contact_changed", _("Privacy contact changed")
    CAMPAIGN_CLOSED = "campaign.closed", _("Campaign closed")

    # Events
    EVENT_CREATED = "event.created", _("Event created")
    EVENT_PLAN_CHANGED = "event.plan_changed", _("Event plan changed")
    EVENT_AGENDA_CHANGED = "event.agenda_changed", _("Event agenda changed")
    EVENT_FACILITATORS_CHANGED = "event.facilitators_changed", _("Event facilitators changed")

    # Candidates
    CANDIDATE_ADDED = "candidate.added", _("Candidate added")
    CANDIDATE_CHANGED = "candidate.changed", _("Candidate's details changed")
    CANDIDATES_IMPORTED = "candidates.imported", _("Candidates imported from a file")
    CANDIDATE_INVITED = "candidate.invited", _("Candidate invited to the event")
    CANDIDATE_PUT_ON_THE_DAY = (
        "candidate.put_on_the_day",
        _("Candidate put on the day without a message from the service"),
    )
    CANDIDATE_LANGUAGE_CHOSEN = "candidate.language_chosen", _("Candidate chose a language")
    ADJUSTMENT_REQUEST_RECORDED = (
        "adjustment_request.recorded",
        _("Candidate asked for adjustments"),
    )
    ADJUSTMENT_REQUEST_CHANGED = (
        "adjustment_request.changed",
        _("Candidate changed the adjustments they asked for"),
    )
    EQUALITY_MONITORING_RECORDED = (
        "equality_monitoring.recorded",
        _("Equality monitoring answers given"),
    )
    EQUALITY_MONITORING_CHANGED = (
        "equality_monitoring.changed",
        _("Equality monitoring answers changed"),
    )

    # A panel that reflects the ward (coappoint.panels)
    RECRUITER_EQUALITY_MONITORING_RECORDED = (
        "recruiter_equality_monitoring.recorded",
        _("Recruiter's equality monitoring answers given"),
    )
    RECRUITER_EQUALITY_MONITORING_CHANGED = (
        "recruiter_equality_monitoring.changed",
        _("Recruiter's equality monitoring answers changed"),
    )
    AREA_FIGURES_RECORDED = "area.figures_recorded", _("Area's population figures recorded")
    PANEL_DRAWN = "panel.drawn", _("Panel drawn from the volunteers")
    PANEL_RESERVE_CALLED = (
        "panel.reserve_called",
        _("Reserve called to replace a recruiter who withdrew"),
    )

    # Recruiters
    SIGN_UP_LINK_OPENED = "sign_up_link.opened", _("Sign-up link opened for recruiters")
    SIGN_UP_LINK_REOPENED = "sign_up_link.reopened", _("Sign-up link opened again")
    SIGN_UP_LINK_CLOSED = "sign_up_link.closed", _("Sign-up link closed")
    RECRUITER_SIGNED_UP = "recruiter.signed_up", _("Recruiter signed up")
    RECRUITER_CONTACT_CORRECTED = (
        "recruiter.contact_corrected",
        _("Recruiter's email address or phone number corrected"),
    )
    RECRUITER_ADDED_AT_THE_DOOR = "recruiter.added_at_the_door", _("Recruiter added at the door")
    RECRUITER_SIGN_IN_REISSUED = (
        "recruiter.sign_in_reissued",
        _("Recruiter given a new way to sign in"),
    )
    CONFIDENTIALITY_ACKNOWLEDGED = (
        "recruiter.confidentiality_acknowledged",
        _("Recruiter agreed to keep things confidential"),
    )
    EQUAL_OPPORTUNITIES_ACKNOWLEDGED = (
        "recruiter.equal_opportunities_acknowledged",
        _("Recruiter agreed to the equal opportunities statement"),
    )
    CANDIDATE_LIST_PUBLISHED = (
        "candidate_list.published",
        _("List of candidates shared with recruiters"),
    )
    CONFLICTS_DECLARED = "conflicts.declared", _("Recruiter said which candidates they know")
    THANKS_RECORDED = "thanks.recorded", _("Thank-you for a recruiter recorded")
    RECRUITER_CHECKED_IN = "recruiter.checked_in", _("Recruiter checked in")
    RECRUITER_DAY_CONFIRMED = (
        "recruiter.day_confirmed",
        _("Recruiter confirmed they are ready for the day"),
    )
    NUDGE_SENT = "nudge.sent", _("Message sent to a recruiter's screen")
    NUDGE_SEEN = "nudge.seen", _("Recruiter saw the message on their screen")
    RECRUITER_LANGUAGE_CHOSEN = "recruiter.language_chosen", _("Recruiter chose a language")
    RECRUITER_DETAILS_CHANGED = "recruiter.details_changed", _("Recruiter's details changed")
    RECRUITER_WITHDREW = "recruiter.withdrew", _("Recruiter withdrew from the day")

    # Signing in (recruiters and candidates)
    SIGN_IN_LINK_ISSUED = "sign_in_link.issued", _("Sign-in link issued")
    SIGN_IN_LINK_USED = "sign_in_link.used", _("Sign-in link used")
    SIGN_IN_EMAILED = "sign_in.emailed", _("New sign-in sent by email")
    ACCESS_CODE_ISSUED = "access_code.issued", _("Access code issued")
    ACCESS_CODE_REISSUED = "access_code.reissued", _("Access code issued again")
    ACCESS_CODE_USED = "access_code.used", _("Access code used")
    SIGN_UP_CONFIRMATION_SENT = (
        "sign_up.confirmation_sent",
        _("Sign-up confirmation sent with a personal sign-in"),
    )
    MESSAGE_RESENT = "message.resent", _("Message corrected and sent again")
    REMINDERS_SENT = "reminders.sent", _("Reminders sent for the day before")
    ACCESS_CODES_SLOWED = (
        "access_codes.slowed",
        _("Access codes slowed down after many wrong tries"),
    )

    # Co-design of the criteria
    PROPOSAL_MADE = "proposal.made", _("Quality proposed")
    PROPOSALS_MERGED = "proposals.merged", _("Proposed qualities merged")
    DOT_VOTE_OPENED = "dot_vote.opened", _("Dot vote opened")
    DOT_VOTE_CLOSED = "dot_vote.closed", _("Dot vote closed")
    DOTS_PLACED = "dots.placed", _("Recruiter placed their dots")
    CRITERIA_WORDED = "criteria.worded", _("Criteria worded")
    CRITERIA_LOCKED = "criteria.locked", _("Criteria locked for scoring")
    OBSERVATION_RECORDED = "observation.recorded", _("Observation recorded")

    # The day: timetable and rotation
    TIMETABLE_MADE = "timetable.made", _("Timetable made")
    TIMETABLE_REPLANNED = "timetable.replanned", _("Timetable planned again")
    TIMETABLE_IMPROVED = "timetable.improved", _("Better timetable used")
    TIMETABLE_IMPROVEMENT_TURNED_DOWN = (
        "timetable.improvement_turned_down",
        _("Better timetable turned down"),
    )
    ATTENDANCE_RECORDED = "attendance.recorded", _("Arrival or departure recorded")
    CONVERSATION_MARKED_MISSED = (
        "conversation.marked_missed",
        _("Conversation marked as not happened"),
    )
    CONVERSATION_UNMARKED_MISSED = (
        "conversation.unmarked_missed",
        _("Conversation marked as happened after all"),
    )
    ROTATION_STARTED = "rotation.started", _("Rotation started")
    ROTATION_ROUND_STARTED = "rotation.round_started", _("Next round of conversations started")
    ROTATION_PAUSED = "rotation.paused", _("Rotation paused")
    ROTATION_RESUMED = "rotation.resumed", _("Rotation resumed")
    ROTATION_FINISHED = "rotation.finished", _("Rotation finished")

    # Scoring by recruiters
    SCORING_STARTED = "scoring.started", _("Scoring started")
    SCORE_SHEET_SUBMITTED = "score_sheet.submitted", _("Score sheet sent")
    SCORE_SHEET_ENTERED_ON_PAPER = (
        "score_sheet.entered_on_paper",
        _("Paper score sheet typed in by a facilitator"),
    )
    SCORE_SHEET_CORRECTED = "score_sheet.corrected", _("Score sheet corrected with a reason")
    SCORING_REVEALED = "scoring.revealed", _("Scores revealed")
    SCORING_CLOSED = "scoring.closed", _("Scoring closed with a reason")

    # Interviews
    INTERVIEW_QUESTION_ADDED = "interview_question.added", _("Interview question added")
    INTERVIEW_QUESTION_CHANGED = "interview_question.changed", _("Interview question changed")
    INTERVIEW_QUESTION_MOVED = "interview_question.moved", _("Interview questions reordered")
    INTERVIEW_QUESTION_REMOVED = "interview_question.removed", _("Interview question removed")
    INTERVIEW_PANEL_CHANGED = "interview_panel.changed", _("Interview panel changed")
    INTERVIEW_CONFLICTS_DECLARED = (
        "interview_conflicts.declared",
        _("Panel member said which candidates they know"),
    )
    INTERVIEW_SHEET_SUBMITTED = "interview_sheet.submitted", _("Interview score sheet sent")
    INTERVIEW_ABSENCE_RECORDED = (
        "interview_absence.recorded",
        _("Candidate recorded as not attending the interview"),
    )
    INTERVIEW_ABSENCE_WITHDRAWN = (
        "interview_absence.withdrawn",
        _("Candidate recorded as attending the interview after all"),
    )
    INTERVIEW_SCORING_REVEALED = "interview_scoring.revealed", _("Interview scores revealed")
    INTERVIEW_SCORING_CLOSED = (
        "interview_scoring.closed",
        _("Interview scoring closed with a reason"),
    )
    INTERVIEW_AGREED_SCORE_RECORDED = (
        "interview_agreed_score.recorded",
        _("Panel's agreed interview score recorded"),
    )
    INTERVIEW_AGREED_SCORE_CHANGED = (
        "interview_agreed_score.changed",
        _("Panel's agreed interview score changed"),
    )

    # Deliberation and the decision
    DELIBERATION_SETTINGS_CHANGED = (
        "deliberation.settings_changed",
        _("Deliberation settings changed"),
    )
    CONSENSUS_RECORDED = "consensus.recorded", _("Agreed score recorded")
    CONSENSUS_CHANGED = "consensus.changed", _("Agreed score changed with a reason")
    DECISION_RECORDED = "decision.recorded", _("Appointment decision recorded")
    DECISION_PEOPLE_FORGOTTEN = (
        "decision.people_forgotten",
        _("Names taken out of a decision, its record unchanged"),
    )

    # Closing
    RECRUITER_MESSAGE_SAVED = "recruiter_message.saved", _("Message to recruiters saved")
    RECRUITER_MESSAGE_APPROVED = "recruiter_message.approved", _("Message to recruiters approved")
    RECRUITER_MESSAGE_SENT = "recruiter_message.sent", _("Message sent to a recruiter")
    CANDIDATE_FEEDBACK_SAVED = "candidate_feedback.saved", _("Feedback for a candidate saved")
    CANDIDATE_FEEDBACK_APPROVED = (
        "candidate_feedback.approved",
        _("Feedback for a candidate approved"),
    )
    CANDIDATE_FEEDBACK_SENT = "candidate_feedback.sent", _("Feedback sent to a candidate")
    THANKS_PAYMENT_RECORDED = "thanks_payment.recorded", _("Thank-you payment recorded")

    # Staff accounts, organisations and the support admin
    ORGANISATION_CREATED = "organisation.created", _("Organisation created")
    INVITATION_SENT = "invitation.sent", _("Invitation to join the team sent")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation to join the team accepted")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation to join the team withdrawn")
    ROLE_ADDED = "role.added", _("Role given to a member of staff")
    ROLE_REMOVED = "role.removed", _("Role taken away from a member of staff")
    ACCESS_REMOVED = "access.removed", _("Member of staff's access removed")
    PASSWORD_CHANGED = "password.changed", _("Password changed")
    PASSWORD_RESET = "password.reset", _("Password reset by email")
    TWO_FACTOR_SET_UP = "two_factor.set_up", _("Two-factor sign-in set up")
    RECOVERY_CODES_REGENERATED = (
        "two_factor.recovery_codes_regenerated",
        _("New recovery codes made"),
    )
    TWO_FACTOR_RESET = (
        "two_factor.reset",
        _("Two-factor sign-in reset by a programme manager"),
    )
    SUPPORT_ADMIN_ADDED = "support_admin.added", _("Record added in the support admin")
    SUPPORT_ADMIN_CHANGED = "support_admin.changed", _("Record changed in the support admin")
    SUPPORT_ADMIN_DELETED = "support_admin.deleted", _("Record deleted in the support admin")

    # Subject-access requests
    SUBJECT_ACCESS_STARTED = "subject_access.started", _("Subject-access request started")
    SUBJECT_ACCESS_IDENTITY_CHECKED = (
        "subject_access.identity_checked",
        _("Subject-access request: identity check recorded"),
    )
    SUBJECT_ACCESS_BUNDLE_ASSEMBLED = (
        "subject_access.bundle_assembled",
        _("Subject-access bundle assembled and downloaded"),
    )
    SUBJECT_ACCESS_EQUALITY_LINK_SENT = (
        "subject_access.equality_link_sent",
        _("Link to their own equality answers sent to the person"),
    )
    SUBJECT_ACCESS_EQUALITY_ANSWERS_SHOWN = (
        "subject_access.equality_answers_shown",
        _("Person opened their own equality answers"),
    )
    SUBJECT_ACCESS_RECTIFIED = (
        "subject_access.rectified",
        _("Subject-access request: correction recorded"),
    )
    SUBJECT_ACCESS_ERASED = (
        "subject_access.erased",
        _("Subject-access request: personal data erased"),
    )
    SUBJECT_ACCESS_CLOSED = "subject_access.closed", _("Subject-access request closed")

    # The service itself
    DEMO_LOADED = "demo.loaded", pgettext_lazy("audit action", "Demonstration data loaded")
    HOUSEKEEPING_RAN = (
        "housekeeping.ran",
        _("Housekeeping removed expired sessions and old records"),
    )
    # Forgetting (coappoint.forgetting): counts and ids only, never whose name it was.
    CANDIDATE_FORGOTTEN = "candidate.forgotten", _("Candidate's personal details removed")
    RECRUITER_FORGOTTEN = "recruiter.forgotten", _("Recruiter's personal details removed")
    RETENTION_APPLIED = (
        "retention.applied",
        _("Personal data past its retention period removed"),
    )


class ActorKind(models.TextChoices):
    """Who acted, by kind; with the kind's id this names a person without copying their name."""

    STAFF = "staff", _("Member of staff")
    RECRUITER = "recruiter", _("Community recruiter")
    CANDIDATE = "candidate", _("Candidate")
    UNNAMED_CANDIDATE = "unnamed_candidate", _("A candidate, not named")
    UNNAMED_RECRUITER = "unnamed_recruiter", _("A community recruiter, not named")
    SYSTEM = "system", _("The service")
    UNKNOWN = "unknown", _("Not recorded")
