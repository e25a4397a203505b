"""Subject-access pages: programme managers run requests, auditors read them; a candidate
opens their own equality answers from the link sent to them alone."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coappoint.campaigns.models import Candidate
from coappoint.candidates.models import EQUALITY_QUESTIONS, EqualityMonitoring
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.rules.subject_access import ReceivedInTheFuture, days_left
from coappoint.subject_access.bundle import assemble_document, bundle_zip
from coappoint.subject_access.forms import (
    ErasureForm,
    FindPersonForm,
    IdentityCheckForm,
    RectificationForm,
    StartRequestForm,
    person_choice,
)
from coappoint.subject_access.models import SubjectAccessRequest
from coappoint.subject_access.queries import (
    Person,
    find_people,
    get_person,
    get_request,
    list_requests,
    person_of,
)
from coappoint.subject_access.services import (
    EqualityLinkRefused,
    SubjectAccessRefused,
    close_request,
    erase_personal_data,
    find_equality_answers_link,
    open_equality_answers,
    record_bundle_assembled,
    record_identity_check,
    record_rectification,
    send_equality_answers_link,
    start_request,
)
from coappoint.web.caching import never_kept
from coappoint.web.compression import secret_holding

READERS = (Role.PROGRAMME_MANAGER, Role.AUDITOR)
MANAGERS = (Role.PROGRAMME_MANAGER,)


def _access(request: HttpRequest, organisation_slug: str) -> StaffAccess:
    return require_staff(request, organisation_slug, READERS, write=MANAGERS)


def _request(
    request: HttpRequest, organisation_slug: str, request_id: int
) -> tuple[StaffAccess, SubjectAccessRequest, Person]:
    access = _access(request, organisation_slug)
    subject_request = get_request(access.organisation, request_id)
    if subject_request is None:
        raise Http404
    person = person_of(subject_request)
    if person is None:
        raise Http404
    return access, subject_request, person


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


@require_GET
def request_list(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = _access(request, organisation_slug)
    return render(
        request,
        "subject_access/request_list.html",
        {
            "access": access,
            "requests": list_requests(access.organisation, today=timezone.localdate()),
            "may_change": access.holds(*MANAGERS),
        },
    )


@require_http_methods(["GET", "POST"])
def request_start(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, MANAGERS)
    search = FindPersonForm(request.GET if "q" in request.GET else None)
    found = find_people(access.organisation, search.cleaned_data["q"]) if search.is_valid() else []
    choices = [(person_choice(person.kind, person.pk), person.name) for person in found]
    form = StartRequestForm(_posted(request), choices=choices)
    if request.method == "POST" and form.is_valid():
        kind, pk = form.chosen()
        person = get_person(access.organisation, kind, pk)
        if person is None:
            form.add_error("person", gettext("Choose the person the request is from"))
        else:
            try:
                started = start_request(
                    organisation=access.organisation,
                    person=person,
                    received_on=form.cleaned_data["received_on"],
                    actor=access.user,
                )
            except ReceivedInTheFuture:
                form.add_error(
                    "received_on",
                    gettext("The date the request reached us must be today or earlier"),
                )
            except SubjectAccessRefused as refused:
                form.add_error("person", str(refused))
            else:
                messages.success(request, gettext("Request started."))
                return redirect("subject_access:detail", access.organisation.slug, started.pk)
    status = 400 if form.errors or (search.is_bound and not search.is_valid()) else 200
    return render(
        request,
        "subject_access/request_start.html",
        {
            "access": access,
            "search": search,
            "found": found,
            "searched": search.is_valid(),
            "form": form,
        },
        status=status,
    )


def _change_url_args(person: Person) -> tuple[str, int, int]:
    if isinstance(person, Candidate):
        return "candidates:change", person.campaign_id, person.pk
    return "recruiters:recruiter_change", person.event_id, person.pk


@require_GET
def request_detail(request: HttpRequest, organisation_slug: str, request_id: int) -> HttpResponse:
    access, subject_request, person = _request(request, organisation_slug, request_id)
    change_view, parent_id, person_id = _change_url_args(person)
    return render(
        request,
        "subject_access/request_detail.html",
        {
            "access": access,
            "subject_request": subject_request,
            "person": person,
            # Candidates and recruiters answer the same equality questions.
            "holds_equality_answers": person is not None,
            "left": days_left(subject_request.due_on, today=timezone.localdate()),
            "rectifications": list(subject_request.rectifications.all()),
            "may_change": access.holds(*MANAGERS),
            "change_view": change_view,
            "change_parent_id": parent_id,
            "change_person_id": person_id,
            "is_closed": subject_request.state == "closed",
        },
    )


@require_http_methods(["GET", "POST"])
def identity_check(request: HttpRequest, organisation_slug: str, request_id: int) -> HttpResponse:
    access, subject_request, person = _request(request, organisation_slug, request_id)
    if not access.holds(*MANAGERS):
        raise PermissionDenied
    initial = {"method": subject_request.identity_check, "note": subject_request.identity_note}
    form = IdentityCheckForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_identity_check(
                request=subject_request,
                method=form.cleaned_data["method"],
                note=form.cleaned_data["note"],
                actor=access.user,
            )
        except SubjectAccessRefused as refused:
            form.add_error("note", str(refused))
        else:
            messages.success(request, gettext("Identity check recorded."))
            return redirect("subject_access:detail", access.organisation.slug, subject_request.pk)
    return render(
        request,
        "subject_access/identity_check.html",
        {"access": access, "subject_request": subject_request, "person": person, "form": form},
        status=400 if form.errors else 200,
    )


def _refused(
    request: HttpRequest, access: StaffAccess, subject_request: SubjectAccessRequest, error: str
) -> HttpResponse:
    messages.error(request, error)
    return redirect("subject_access:detail", access.organisation.slug, subject_request.pk)


@require_POST
def bundle(request: HttpRequest, organisation_slug: str, request_id: int) -> HttpResponse:
    """The ZIP, made now and never kept: the JSON document and its PDF."""
    access, subject_request, person = _request(request, organisation_slug, request_id)
    now = timezone.now()
    document = assemble_document(subject_request, person, now=now)
    try:
        record_bundle_assembled(
            request=subject_request, document=document, actor=access.user, now=now
        )
    except SubjectAccessRefused as refused:
        return _refused(request, access, subject_request, str(refused))
    response = HttpResponse(
        bundle_zip(document, language=get_language() or "en"), content_type="application/zip"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-{subject_request.pk}.zip"'
    )
    return never_kept(response)


@require_POST
def equality_link(request: HttpRequest, organisation_slug: str, request_id: int) -> HttpResponse:
    access, subject_request, person = _request(request, organisation_slug, request_id)
    if person is None:
        raise Http404
    try:
        send_equality_answers_link(request=subject_request, person=person, actor=access.user)
    except SubjectAccessRefused as refused:
        return _refused(request, access, subject_request, str(refused))
    messages.success(
        request,
        gettext("We sent them a link to their own equality answers. Nobody else can open it."),
    )
    return redirect("subject_access:detail", access.organisation.slug, subject_request.pk)


@require_http_methods(["GET", "POST"])
def rectify(request: HttpRequest, organisation_slug: str, request_id: int) -> HttpResponse:
    access, subject_request, person = _request(request, organisation_slug, request_id)
    if not access.holds(*MANAGERS):
        raise PermissionDenied
    form = RectificationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            record_rectification(
                request=subject_request, note=form.cleaned_data["note"], actor=access.user
            )
        except SubjectAccessRefused as refused:
            form.add_error("note", str(refused))
        else:
            messages.success(request, gettext("Correction recorded."))
            return redirect("subject_access:detail", access.organisation.slug, subject_request.pk)
    change_view, parent_id, person_id = _change_url_args(person)
    return render(
        request,
        "subject_access/rectify.html",
        {
            "access": access,
            "subject_request": subject_request,
            "person": person,
            "form": form,
            "change_view": change_view,
            "change_parent_id": parent_id,
            "change_person_id": person_id,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, organisation_slug: str, request_id: int) -> HttpResponse:
    access, subject_request, person = _request(request, organisation_slug, request_id)
    if not access.holds(*MANAGERS):
        raise PermissionDenied
    form = ErasureForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            erase_personal_data(
                request=subject_request,
                person=person,
                reason=form.cleaned_data["reason"],
                actor=access.user,
            )
        except SubjectAccessRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, gettext("Their personal data is erased."))
            return redirect("subject_access:list", access.organisation.slug)
    return render(
        request,
        "subject_access/erase.html",
        {"access": access, "subject_request": subject_request, "person": person, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def close(request: HttpRequest, organisation_slug: str, request_id: int) -> HttpResponse:
    access, subject_request, _person = _request(request, organisation_slug, request_id)
    try:
        close_request(request=subject_request, actor=access.user)
    except SubjectAccessRefused as refused:
        return _refused(request, access, subject_request, str(refused))
    messages.success(request, gettext("Request closed."))
    return redirect("subject_access:list", access.organisation.slug)


@require_http_methods(["GET", "POST"])
@secret_holding  # the one-use token, in the address the page repeats (the language switcher)
def equality_answers(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a Continue button (email scanners open links); POST uses the link up and
    shows the answers, this once, in a page no browser keeps."""
    now = timezone.now()
    try:
        if request.method == "POST":
            person, answers = open_equality_answers(token=token, now=now)
        else:
            find_equality_answers_link(token=token, now=now)
    except EqualityLinkRefused:
        return never_kept(
            render(request, "subject_access/equality_answers_refused.html", status=410)
        )
    if request.method != "POST":
        return never_kept(render(request, "subject_access/equality_answers_continue.html"))
    shown = []
    if answers is not None:
        for name, choices in EQUALITY_QUESTIONS.items():
            question = EqualityMonitoring._meta.get_field(name).verbose_name  # type: ignore[union-attr]
            value = getattr(answers, name)
            shown.append((str(question), str(choices(value).label) if value else ""))
    return never_kept(
        render(
            request,
            "subject_access/equality_answers.html",
            {"person": person, "answers": shown},
        )
    )
