"""iCalendar files for learning events (RFC 5545, written with the ``icalendar`` library)."""

import datetime

from django.http import HttpResponse
from icalendar import Calendar, Event

from .text import strip_control


def _event(page, request):
    event = Event()
    event.add("uid", f"learning-event-{page.pk}@{request.get_host()}")
    event.add("summary", strip_control(page.title))
    event.add("description", strip_control(page.summary))
    event.add("dtstart", page.starts_at.astimezone(datetime.UTC))
    ends = page.ends_at or page.starts_at + datetime.timedelta(hours=2)
    event.add("dtend", ends.astimezone(datetime.UTC))
    event.add("dtstamp", (page.last_published_at or page.starts_at).astimezone(datetime.UTC))
    if page.where:
        event.add("location", strip_control(page.where))
    event.add("url", page.get_full_url(request))
    return event


def calendar_response(request, pages, *, filename):
    calendar = Calendar()
    calendar.add("prodid", "-//Trailblazer Knowledge Hub//Learning events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Trailblazer learning events")
    for page in pages:
        calendar.add_component(_event(page, request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
