"""Customer portal route of a dispatch: the challan of a tranche, for the customer of the order (Odoo's
own portal check on the order: the customer's rights or the order's access token)."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.oms_handover.controllers.portal import OmsCustomerPortal


class OmsDispatchCustomerPortal(OmsCustomerPortal):
    @http.route(
        "/my/orders/<int:order_id>/challan/<int:picking_id>",
        type="http",
        auth="public",
        website=True,
        readonly=True,  # renders a PDF and stores nothing: a replica may serve it
    )
    def oms_portal_challan(self, order_id, picking_id, access_token=None, **kwargs):
        order_sudo = self._oms_order_or_none(order_id, access_token)
        if order_sudo is None:
            return request.redirect("/my")
        challan = order_sudo._oms_portal_challan(picking_id)
        if not challan:
            raise NotFound()
        report_ref, picking_sudo = challan
        # Rendered as superuser, as Odoo's own delivery-slip route does: the report reads products, partners
        # and the company, which portal users may not read; access was checked on the order above.
        content, _kind = (
            request.env["ir.actions.report"].sudo()._render_qweb_pdf(report_ref, [picking_sudo.id])
        )
        filename = f"Challan {picking_sudo.name}".replace("/", "-") + ".pdf"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
