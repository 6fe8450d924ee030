"""Shared fixtures: an Indian company (l10n_in chart) in Karnataka, GST customers, role users, products."""

from datetime import timedelta
from itertools import count

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

PO_NUMBERS = count(1)

SELLER_GSTIN = "29AABCU9603R1ZJ"  # the IRP simulator's GSTIN, Karnataka

ROLE_GROUPS = {
    "sales": "oms_handover.group_oms_sales",
    "finance": "oms_handover.group_oms_finance",
    "dispatch": "oms_handover.group_oms_dispatch",
}


class OmsGstCommon(AccountTestInvoicingCommon):
    @classmethod
    @AccountTestInvoicingCommon.setup_country("in")
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.state_ka = cls.env.ref("base.state_in_ka")
        cls.state_mh = cls.env.ref("base.state_in_mh")
        cls.country_in = cls.env.ref("base.in")
        cls.company.write(
            {
                "name": "Udyog Traders Pvt Ltd",
                "street": "12 Industrial Layout",
                "city": "Bengaluru",
                "zip": "560001",
                "state_id": cls.state_ka.id,
                "vat": SELLER_GSTIN,
                "l10n_in_hsn_code_digit": "4",
            }
        )
        cls.company.oms_gst_enforce = True
        # A company made after install starts without the dispatch gate; this one keeps goods in the pipeline.
        cls.company.oms_dispatch_gate = True
        # The set-up user plays every role (as an administrator would); role users check the refusals.
        cls.env.user.groups_id |= cls.env.ref("oms_handover.group_oms_manager")
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"oms_gst_{role}",
                groups=f"base.group_user,{group}",
                name=f"GST {role.title()}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            for role, group in ROLE_GROUPS.items()
        }
        # Sales reps see their team's orders only (oms_handover's rule).
        cls.team = cls.env["crm.team"].create(
            {
                "name": "GST Team",
                "member_ids": [Command.set(cls.users["sales"].ids)],
                "company_id": cls.company.id,
            }
        )
        chart = cls.env["account.chart.template"]
        cls.tax_gst_18 = chart.ref("sgst_sale_18")
        cls.tax_igst_18 = chart.ref("igst_sale_18")
        cls.tax_igst_18_sez = chart.ref("igst_sale_18_sez_exp")
        cls.tax_igst_18_lut = chart.ref("igst_sale_18_sez_exp_lut")
        cls.fp_lut = chart.ref("fiscal_position_in_lut_sez")
        cls.bearing = cls.env["product.product"].create(
            {
                "name": "Ball Bearing 6205",
                "type": "consu",
                "list_price": 1000.0,
                "l10n_in_hsn_code": "84821010",
                "invoice_policy": "delivery",
                "taxes_id": [Command.set(cls.tax_gst_18.ids)],
            }
        )
        cls.customer_ka = cls._partner(
            "Bengaluru Motors Pvt Ltd", cls.state_ka, "29AABCK2345P1Z4", "Bengaluru"
        )
        cls.customer_mh = cls._partner("Pune Fabricators LLP", cls.state_mh, "27AAPFU0939F1ZV", "Pune")
        cls.customer_sez = cls._partner(
            "Electronic City SEZ Unit", cls.state_ka, "29AAHCS7890L1ZE", "Bengaluru", "special_economic_zone"
        )
        cls.consumer_mh = cls._partner("Ravi Kulkarni", cls.state_mh, False, "Pune", "consumer")
        cls.customer_us = cls.env["res.partner"].create(
            {
                "name": "Ohio Machinery Inc",
                "is_company": True,
                "street": "351 Horner Chapel Rd",
                "city": "Peebles",
                "zip": "45660",
                "country_id": cls.env.ref("base.us").id,
                "state_id": cls.env.ref("base.state_us_1").id,
                "l10n_in_gst_treatment": "overseas",
            }
        )

    @classmethod
    def _partner(cls, name, state, vat, city, treatment="regular"):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "street": "Plot 4, Industrial Area",
                "city": city,
                "zip": "411001" if state == cls.state_mh else "560100",
                "state_id": state.id,
                "country_id": cls.country_in.id,
                "vat": vat,
                "l10n_in_gst_treatment": treatment,
            }
        )

    @classmethod
    def make_order(cls, partner, shipping=None, quantity=10, product=None, **values):
        order_values = {
            "partner_id": partner.id,
            "partner_shipping_id": (shipping or partner).id,
            # Each order its own customer PO: the same reference twice is a possible duplicate.
            "client_order_ref": f"PO-77/{next(PO_NUMBERS)}",
            "oms_agreed_date": fields.Date.today() + timedelta(days=10),
            "team_id": cls.team.id,
            "payment_term_id": cls.env.ref("account.account_payment_term_30days").id,
            "order_line": [
                Command.create({"product_id": (product or cls.bearing).id, "product_uom_qty": quantity})
            ],
        }
        order_values.update(values)
        return cls.env["sale.order"].create(order_values)

    def plan(self, order, quantity=None):
        """Plan the order's next tranche (all, or ``quantity`` of its single line) as Dispatch does: the
        quantities are picked on the open delivery; nothing leaves yet."""
        line = order.order_line[:1]
        wanted = quantity if quantity is not None else line.product_uom_qty - line.qty_delivered
        return (
            order.with_user(self.users["dispatch"])._oms_plan_tranche({line: wanted}).with_user(self.env.user)
        )

    def invoice_tranche(self, order):
        """Finance's Invoice Tranche: the draft tax invoice of the planned tranche's picked quantities."""
        action = order.with_user(self.users["finance"]).action_oms_invoice_tranche()
        invoice = self.env["account.move"].browse(action["res_id"])
        invoice.invoice_date = invoice.date
        return invoice

    def invoiced_order(self, partner, quantity=10, delivered=None):
        """A confirmed order with a planned tranche (all, or ``delivered`` of its line) and that tranche's
        draft tax invoice: the documents are made before the goods leave."""
        order = self.make_order(partner, quantity=quantity)
        order.action_confirm()
        self.plan(order, delivered)
        return order, self.invoice_tranche(order)
