"""Consignment stock: goods the company keeps at a customer's premises, still its own until the customer
reports them sold (the consignment orders, invoiced from the consignee's sales report).

The law, and what the suite does:
- Goods sent on consignment (on approval, or for sale or return) are not supplied when they leave: they
  travel on a delivery challan (CGST Rule 55(1)(c)), and, above the threshold, with an e-way bill made on it
  (sub-supply type 8, Others, "Sent on consignment"; Rule 138(1)(iii)). The tax invoice is issued when the
  customer reports them sold, and at the latest six months after they left (CGST Act s.31(7)).
- Each consignee holds the goods at a location of the company's own: "Consignment: <customer>", internal
  (the goods are the company's, valued in its stock) but not under the warehouse they left, in the
  company's "Consignment Stock" view location: the warehouse's free stock, which every order's
  availability check reads, does not count goods a customer holds. Sending goods there is a transfer that leaves only through the checks below,
  as a pipeline delivery does: Dispatch validates it, once its challan is numbered (printed) and its e-way
  bill, when its value needs one, is in force.
- Their value on the challan is the products' sales price: the value of what the customer may buy.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.oms_dispatch.models.stock_picking_tranche import CLEARED_KEY
from odoo.addons.oms_gst_india.oms_gst.tax_split import decide_supply
from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH

CONSIGNMENT_ROOT = "Consignment Stock"


class StockLocation(models.Model):
    _inherit = "stock.location"

    oms_consignee_id = fields.Many2one(
        "res.partner",
        string="Consignee",
        index=True,
        help="Goods at this location are the company's, held by this customer on consignment until it reports "
        "them sold.",
    )
    # The warehouse the goods left, and come back to: the location is kept out of its tree (see above).
    oms_consignment_warehouse_id = fields.Many2one("stock.warehouse", string="Sent From", index=True)

    @api.model
    def _oms_consignment_root(self, company):
        """The company's view location holding its consignees' locations, made on first use."""
        # sudo: locations are the warehouse's configuration, made here by the Dispatch team's transfer.
        Location = self.sudo()
        root = Location.search(
            [("name", "=", CONSIGNMENT_ROOT), ("usage", "=", "view"), ("company_id", "=", company.id)],
            limit=1,
        )
        return root or Location.create({"name": CONSIGNMENT_ROOT, "usage": "view", "company_id": company.id})

    @api.model
    def _oms_move_consignment_out_of_warehouses(self):
        """Consignment locations made under their warehouse (before 18.0.1.2.0) move to the company's
        Consignment Stock: their goods stop counting as the warehouse's free stock."""
        for location in self.sudo().search(
            [("oms_consignee_id", "!=", False), ("warehouse_id", "!=", False)]
        ):
            location.write(
                {
                    "oms_consignment_warehouse_id": location.warehouse_id.id,
                    "location_id": self._oms_consignment_root(location.company_id).id,
                }
            )


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _oms_consignment_location(self, warehouse, create=False):
        """The location of ``warehouse`` where this customer holds the company's goods on consignment; made
        on the first transfer when ``create``."""
        self.ensure_one()
        consignee = self.commercial_partner_id
        # sudo: locations are the warehouse's configuration; Sales and Dispatch read which one is this customer's.
        Location = self.env["stock.location"].sudo()
        location = Location.search(
            [("oms_consignee_id", "=", consignee.id), ("oms_consignment_warehouse_id", "=", warehouse.id)],
            limit=1,
        )
        if not location and create:
            location = Location.create(
                {
                    "name": self.env._("Consignment: %(customer)s", customer=consignee.name),
                    "usage": "internal",
                    "location_id": Location._oms_consignment_root(warehouse.company_id).id,
                    "company_id": warehouse.company_id.id,
                    "oms_consignee_id": consignee.id,
                    "oms_consignment_warehouse_id": warehouse.id,
                }
            )
        return location


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_is_consignment_transfer = fields.Boolean(compute="_compute_oms_is_consignment_transfer")

    @api.depends("location_dest_id", "picking_type_id")
    def _compute_oms_is_consignment_transfer(self):
        for picking in self:
            picking.oms_is_consignment_transfer = picking._oms_is_consignment_transfer()

    def _oms_is_consignment_transfer(self):
        """Goods going from the company's stock to a consignee's location: they leave its premises."""
        self.ensure_one()
        return (
            self.picking_type_code == "internal"
            and bool(self.location_dest_id.oms_consignee_id)
            and not self.location_id.oms_consignee_id
        )

    # ----- the challan and e-way bill of the transfer (oms_gst_india's hooks) -----

    def _oms_travels_on_challan_document(self):
        return super()._oms_travels_on_challan_document() or self._oms_is_consignment_transfer()

    def _oms_non_supply_reason(self):
        if self._oms_is_consignment_transfer():
            return self.env._("Sent on consignment")
        return super()._oms_non_supply_reason()

    def _oms_non_supply_buyer(self):
        if self._oms_is_consignment_transfer():
            return self.location_dest_id.oms_consignee_id
        return super()._oms_non_supply_buyer()

    def _oms_non_supply_unit_value(self, move):
        if not self._oms_is_consignment_transfer():
            return super()._oms_non_supply_unit_value(move)
        product = move.product_id.with_company(self.company_id)
        return (
            move.quantity,
            move.product_uom,
            product.uom_id._compute_price(product.lst_price, move.product_uom),
        )

    def _oms_supply_decision(self):
        if not self._oms_is_consignment_transfer():
            return super()._oms_supply_decision()
        consignee = self.location_dest_id.oms_consignee_id
        supplier = self.company_id.state_id.l10n_in_tin
        place = consignee.state_id.l10n_in_tin
        if not supplier or not place:
            return None
        try:
            return decide_supply(supplier, place, consignee.l10n_in_gst_treatment or "regular")
        except ValueError:
            return None

    def _oms_no_movement_reason(self):
        """A consignment order's delivery takes goods from the location where its customer already holds
        them: nothing travels, so no e-way bill is due (the transfer there had its own)."""
        consignee = self.location_id.oms_consignee_id
        if consignee and consignee == self.partner_id.commercial_partner_id:
            return self.env._(
                "the goods were already with %(customer)s, held on consignment since their transfer on its own "
                "challan and e-way bill.",
                customer=consignee.name,
            )
        return super()._oms_no_movement_reason()

    # ----- the gate: a consignment transfer leaves only with its documents -----

    def _action_done(self):
        transfers = self.filtered(
            lambda picking: picking.state not in ("done", "cancel") and picking._oms_is_consignment_transfer()
        )
        for picking in transfers:
            picking._oms_before_consignment_leaves()
        cleared = self.env.cr.cache.setdefault(CLEARED_KEY, set())
        cleared.update(transfers.ids)
        try:
            return super()._action_done()
        finally:
            cleared.difference_update(transfers.ids)

    def _oms_before_consignment_leaves(self):
        """Refuse, naming what is missing, unless the goods of this consignment transfer may leave now."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP_DISPATCH):
            raise AccessError(
                self.env._(
                    "Only Dispatch may let the goods of %(picking)s leave for the consignee.",
                    picking=self.name,
                )
            )
        missing = []
        if not self.oms_challan_number:
            missing.append(
                self.env._(
                    "the goods travel on a delivery challan (CGST Rule 55): print it (Delivery Challan) to number it"
                )
            )
        required, value, threshold = self._oms_ewb_requirement()
        if required and not self._oms_active_eway_bill():
            missing.append(
                self.env._(
                    "generate its e-way bill: the goods are worth %(value).2f, above the threshold of %(threshold).2f "
                    "(CGST Rule 138)",
                    value=value,
                    threshold=threshold,
                )
            )
        if missing:
            raise UserError(
                self.env._(
                    "%(picking)s cannot leave for the consignee yet: %(missing)s.",
                    picking=self.name,
                    missing="; ".join(missing),
                )
            )


class StockMove(models.Model):
    _inherit = "stock.move"

    def _oms_refuse_leaving_around_the_checks(self):
        result = super()._oms_refuse_leaving_around_the_checks()
        cleared = self.env.cr.cache.get(CLEARED_KEY, set())
        for picking in self.filtered(lambda move: move.state not in ("done", "cancel")).picking_id:
            if picking.id not in cleared and picking._oms_is_consignment_transfer():
                raise UserError(
                    self.env._(
                        "The goods of %(picking)s go to a consignee: they leave only when the transfer is "
                        "validated with its challan and e-way bill (Dispatch acts, with Validate).",
                        picking=picking.name,
                    )
                )
        return result
