"""Support staff set up organisations and memberships here."""

from django.contrib import admin

from coappoint.organisations.models import Area, Membership, Organisation, Programme


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "slug", "kind")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "organisation", "role")
    list_filter = ("organisation", "role")


admin.site.register(Programme)
admin.site.register(Area)
