"""Delivery challan number and date of an outgoing delivery (CGST Rule 55(2)(b)): at most 16 characters,
unique in the financial year (1 April – 31 March). The number is drawn once, when the challan is first
printed, from a per-company sequence with one date range per financial year, so it restarts each year;
the financial year is part of the number (DC/2627/00001), which keeps it unique across years as well."""

import re
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError

CHALLAN_SEQUENCE_CODE = "oms.delivery.challan"
CHALLAN_PREFIX = "DC"
# NIC's document-number rule (e-way bill docNo): what a challan number may look like to be sent as CHL.
CHALLAN_NUMBER_PATTERN = re.compile(r"^[a-zA-Z1-9][a-zA-Z0-9/-]{0,15}$")


def financial_year(day):
    """(first day, last day) of the Indian financial year (1 April – 31 March) holding ``day``."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def financial_year_label(day):
    """'2627' for the financial year 2026-27: two digits of each calendar year it spans."""
    start, end = financial_year(day)
    return f"{start.year % 100:02d}{end.year % 100:02d}"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_challan_number = fields.Char(
        string="Challan No.",
        readonly=True,
        copy=False,
        index=True,
        help="Delivery challan number (CGST Rule 55), given when the challan is first printed.",
    )
    oms_challan_date = fields.Date(string="Challan Date", readonly=True, copy=False)

    _sql_constraints = [
        (
            "oms_challan_number_company_unique",
            "unique(company_id, oms_challan_number)",
            "A delivery challan number is used once per company.",
        ),
    ]

    def _oms_assign_challan_number(self):
        """Give each outgoing delivery without a challan number the next one of its company's financial
        year; a delivery that has a number keeps it (the printed challan is the document)."""
        for picking in self.filtered(
            lambda record: (
                record._oms_travels_on_challan_document()
                and record.state != "cancel"
                and not record.oms_challan_number
            )
        ):
            challan_date = fields.Date.context_today(picking)
            number = picking._oms_next_challan_number(challan_date)
            # Printing is open to whoever may read the delivery (portal, mail); the number is not theirs
            # to choose, so it is written as the system.
            picking.sudo().write({"oms_challan_number": number, "oms_challan_date": challan_date})
        return True

    def _oms_travels_on_challan_document(self):
        """Goods leaving on this transfer may travel on a delivery challan: every outgoing delivery; other
        add-ons add the transfers that take goods out of the company's premises (to a consignee)."""
        self.ensure_one()
        return self.picking_type_code == "outgoing"

    def _oms_next_challan_number(self, challan_date):
        self.ensure_one()
        sequence = self.env["ir.sequence"].sudo()._oms_challan_sequence(self.company_id)
        date_range = sequence._oms_financial_year_range(challan_date)
        serial = date_range.with_context(ir_sequence_date_range=date_range.date_from)._next()
        number = f"{CHALLAN_PREFIX}/{financial_year_label(challan_date)}/{serial}"
        if not CHALLAN_NUMBER_PATTERN.match(number):
            raise UserError(
                self.env._(
                    "Challan number %(number)s breaks Rule 55 / NIC's format (at most 16 letters, digits, "
                    "'/' or '-'): shorten the prefix or padding of sequence %(sequence)s.",
                    number=number,
                    sequence=sequence.display_name,
                )
            )
        return number


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _oms_challan_sequence(self, company):
        """The company's challan sequence, made on first use for companies created after install."""
        sequence = self.search(
            [("code", "=", CHALLAN_SEQUENCE_CODE), ("company_id", "=", company.id)], limit=1
        )
        if sequence:
            return sequence
        return self.create(
            {
                "name": self.env._("Delivery Challan (%(company)s)", company=company.name),
                "code": CHALLAN_SEQUENCE_CODE,
                "company_id": company.id,
                "padding": 5,
                "use_date_range": True,
            }
        )

    def _oms_financial_year_range(self, day):
        """This sequence's date range for the financial year of ``day``: Odoo would make a calendar-year
        range, so the Indian one is made here, under a lock on the sequence so two first prints of a
        year cannot make two ranges (and draw the same numbers twice)."""
        self.ensure_one()
        start, end = financial_year(day)
        domain = [("sequence_id", "=", self.id), ("date_from", "=", start), ("date_to", "=", end)]
        date_range = self.env["ir.sequence.date_range"].search(domain, limit=1)
        if not date_range:
            self.env.cr.execute("SELECT id FROM ir_sequence WHERE id = %s FOR NO KEY UPDATE", [self.id])
            date_range = self.env["ir.sequence.date_range"].search(domain, limit=1) or self.env[
                "ir.sequence.date_range"
            ].create({"sequence_id": self.id, "date_from": start, "date_to": end, "number_next": 1})
        return date_range


class ReportDeliveryChallan(models.AbstractModel):
    _name = "report.oms_dispatch.report_delivery_challan"
    _description = "Delivery Challan"

    @api.model
    def _get_report_values(self, docids, data=None):
        # The print is the document: a delivery gets its challan number the first time it is printed
        # (HTML preview, PDF, mail attachment or portal download alike).
        pickings = self.env["stock.picking"].browse(docids)
        pickings._oms_assign_challan_number()
        return {"doc_ids": docids, "doc_model": "stock.picking", "docs": pickings, "data": data}
