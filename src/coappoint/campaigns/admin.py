"""Campaign records in the admin, for support staff."""

from django.contrib import admin

from coappoint.campaigns.models import Campaign, Candidate, Stage, Vacancy

admin.site.register(Vacancy)
admin.site.register(Campaign)
admin.site.register(Stage)
admin.site.register(Candidate)
