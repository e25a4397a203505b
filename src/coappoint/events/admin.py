"""Events in the admin, for support staff."""

from django.contrib import admin

from coappoint.events.models import AgendaBlock, Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ("name", "organisation", "campaign", "date", "state")
    # The state moves only through the services (events.lifecycle), which audit each step.
    readonly_fields = ("state",)


admin.site.register(AgendaBlock)
