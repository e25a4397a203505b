"""Reads about signing in: who opened a participant's session.

None of these returns a link or a code: only their hashes are stored.
"""

from __future__ import annotations

from coappoint.campaigns.models import Candidate
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.models import AccessCode, SignInLink


def was_issued_by_staff(
    person: CommunityRecruiter | Candidate, credential: SignInLink | AccessCode | None
) -> bool:
    """Whether the link or code that just signed `person` in was issued by a staff member.

    When the door did not name the credential it used (`use_access_code` does not), it was the
    person's one live access code: issuing a code revokes every other, and a revoked code
    signs nobody in.
    """
    if credential is not None:
        return credential.issued_by_staff
    live = AccessCode.objects.filter(revoked_at__isnull=True, issued_by_staff=True)
    if isinstance(person, CommunityRecruiter):
        return live.filter(recruiter=person).exists()
    return live.filter(candidate=person).exists()
