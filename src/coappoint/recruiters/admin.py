"""Recruiters in the admin, for support staff."""

from django.contrib import admin

from coappoint.recruiters.models import (
    CandidateListPublication,
    CommunityRecruiter,
    ConflictOfInterest,
    SignInReissue,
    SignUpLink,
    ThanksRecord,
)

admin.site.register(CommunityRecruiter)
admin.site.register(ConflictOfInterest)
admin.site.register(SignUpLink)
admin.site.register(CandidateListPublication)
admin.site.register(ThanksRecord)
admin.site.register(SignInReissue)
