from django import template

from hub import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def visible_ancestors(context, page):
    request = context.get("request")
    if request is None or page is None:
        return []
    return navigation.breadcrumbs(request, page)
