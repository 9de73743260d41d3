from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from hub import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def visible_ancestors(context, page):
    request = context.get("request")
    if request is None or page is None:
        return []
    return navigation.breadcrumbs(request, page)


def _attributes(attrs) -> str:
    """As Django's attrs.html writes them: a name alone for True, none for False."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


@register.filter
def select_options(optgroups):
    """A select's options (``widget.optgroups``) as HTML, as Django's option template draws
    them: the template language took a few milliseconds for a list of every organisation."""
    parts = []
    for group_name, options, _ in optgroups:
        if group_name:
            parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
        parts.extend(
            f'<option value="{escape(str(option["value"]))}"{_attributes(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>"
            for option in options
        )
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("\n".join(parts))  # noqa: S308 (every value and label escaped above)
