"""Events in the admin, for support staff."""

from django.contrib import admin

from coappoint.events.models import AgendaBlock, Event

admin.site.register(Event)
admin.site.register(AgendaBlock)
