"""Recruiters in the admin, for support staff."""

from django.contrib import admin

from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest

admin.site.register(CommunityRecruiter)
admin.site.register(ConflictOfInterest)
