from wagtail import hooks

from . import selectors, views


@hooks.register("before_serve_document", order=-100)
def serve_through_access_layer(document, request):
    """Wagtail's own /documents/<id>/<name> address obeys the hub's rules, not Wagtail's.

    Wagtail's login restriction admits any signed-in account, including pending ones; here the
    access layer decides, and the answer carries the same headers as the library's download.
    """
    resource = selectors.resource_for(user=request.user, pk=document.pk)
    return views.serve_resource(request, resource)
