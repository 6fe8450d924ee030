"""Customer portal route of an order: the feedback request. It checks access to the order with Odoo's own
portal check (the customer's rights or the order's access token); oms_dispatch adds the challan download
with the same check."""

from odoo import http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal

from .replica import wrote_recently

FEEDBACK_RANGES = {"rating": (1, 5), "nps": (0, 10)}


def _order_page_reads_only(_controller):
    """Whether the portal's order page may be served from a read-only cursor (a streaming replica when the
    server has ``db_replica_host``). The page only reads, except for the "Quotation viewed by customer" note
    Odoo posts when someone opens it with the order's access token (a link from a mail): that visit goes to
    the primary directly rather than failing on the replica and being replayed. A customer who has just
    written (their feedback) reads their own write from the primary (controllers/replica.py)."""
    return "access_token" not in request.httprequest.args and not wrote_recently()


class OmsCustomerPortal(CustomerPortal):
    # A callable: Odoo keeps a child route's read-only mode only when the parent's is the same or the child
    # decides per request (odoo/http.py, _check_and_complete_route_definition).
    @http.route(readonly=_order_page_reads_only)
    def portal_order_page(self, order_id, *args, **kwargs):
        return super().portal_order_page(order_id, *args, **kwargs)

    def _oms_order_or_none(self, order_id, access_token):
        try:
            return self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            return None

    @http.route(
        "/my/orders/<int:order_id>/feedback", type="http", auth="public", methods=["POST"], website=True
    )
    def oms_portal_feedback(self, order_id, access_token=None, **post):
        order_sudo = self._oms_order_or_none(order_id, access_token)
        if order_sudo is None:
            return request.redirect("/my")
        back = order_sudo.get_portal_url()
        if not order_sudo._oms_portal_feedback_open():
            return request.redirect(f"{back}&oms_feedback=closed")
        values = self._oms_feedback_values(post)
        if values is None:
            return request.redirect(f"{back}&oms_feedback=invalid")
        try:
            # The customer has no rights on the feedback model; the portal check above vouched for them.
            with request.env.cr.savepoint():
                request.env["oms.customer.feedback"].sudo().create({"order_id": order_sudo.id, **values})
        except ValidationError:
            return request.redirect(f"{back}&oms_feedback=invalid")
        return request.redirect(f"{back}&oms_feedback=thanks")

    @staticmethod
    def _oms_feedback_values(post):
        """Rating, NPS and comment from the form, or None when a score is missing or out of range."""
        values = {}
        for name, (low, high) in FEEDBACK_RANGES.items():
            try:
                score = int(post.get(name, ""))
            except ValueError:
                return None
            if not low <= score <= high:
                return None
            values[name] = score
        comment = (post.get("comment") or "").strip()
        values["comment"] = comment[:2000] or False
        return values
