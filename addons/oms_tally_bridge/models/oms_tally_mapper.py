"""Translation of Odoo records (partners, products, taxes) into the Tally core's plain values.

Works with or without ``l10n_in``: every localisation field is read only when it exists.
"""

import re
from decimal import Decimal

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_FINANCE

from ..oms_tally import PartyMaster, StockItemMaster
from ..oms_tally import masters as tally_masters
from ..oms_tally.envelope import masters_envelope, voucher_envelopes

# Tally's GST registration types, from l10n_in's GST treatment.
REGISTRATION_TYPES = {
    "regular": "Regular",
    "composition": "Composition",
    "unregistered": "Unregistered",
    "consumer": "Consumer",
    "overseas": "Unregistered",
    "special_economic_zone": "Regular",
    "deemed_export": "Regular",
    "uin_holders": "Regular",
}
DUTY_PATTERN = re.compile(r"\b(CGST|SGST|UTGST|IGST|CESS)\b", re.IGNORECASE)


class OmsTallyMapper(models.AbstractModel):
    _name = "oms.tally.mapper"
    _description = "Tally Mapping Helpers"

    @api.model
    def _oms_duty(self, tax):
        """Return cgst, sgst, igst or cess for a tax: l10n_in's type, else its tags, else its name."""
        if "l10n_in_tax_type" in tax._fields and tax.l10n_in_tax_type:
            return tax.l10n_in_tax_type
        labels = [*tax.invoice_repartition_line_ids.tag_ids.mapped("name"), tax.name or ""]
        for label in labels:
            match = DUTY_PATTERN.search(label or "")
            if match:
                duty = match.group(1).lower()
                return "sgst" if duty == "utgst" else duty
        raise UserError(
            self.env._(
                "Tax %(tax)s is not recognised as CGST, SGST, IGST or cess, so it has no Tally ledger. "
                "Name or tag the tax accordingly (e.g. 'CGST 9%%') or use the Indian GST taxes.",
                tax=tax.name,
            )
        )

    @api.model
    def _oms_ledger_of(self, tax, config):
        duty = self._oms_duty(tax)
        return {
            "cgst": config.cgst_ledger,
            "sgst": config.sgst_ledger,
            "igst": config.igst_ledger,
            "cess": config.cess_ledger,
        }[duty]

    @api.model
    def _oms_gst_rate(self, taxes):
        """GST rate of a line (cess excluded): the sum of its leaf percentages, 18 for CGST 9 + SGST 9."""
        leaves = taxes.flatten_taxes_hierarchy() if taxes else taxes
        rate = Decimal("0")
        for tax in leaves:
            if tax.amount_type == "percent" and self._oms_duty(tax) != "cess":
                rate += Decimal(str(tax.amount))
        return rate

    @api.model
    def _oms_party_name(self, partner):
        return partner.commercial_partner_id.name

    @api.model
    def _oms_party_master(self, partner):
        partner = partner.commercial_partner_id
        treatment = partner.l10n_in_gst_treatment if "l10n_in_gst_treatment" in partner._fields else False
        registration = REGISTRATION_TYPES.get(treatment) or ("Regular" if partner.vat else "Unregistered")
        return PartyMaster(
            name=partner.name,
            state_name=partner.state_id.name or "",
            gstin=partner.vat or "" if registration != "Unregistered" else "",
            registration_type=registration,
            country=partner.country_id.name or "India",
            address_lines=tuple(part for part in (partner.street, partner.street2, partner.city) if part),
            pincode=partner.zip or "",
        )

    @api.model
    def _oms_item_name(self, product):
        return product.display_name

    @api.model
    def _oms_stock_item_master(self, product, config):
        template = product.product_tmpl_id
        hsn = template.l10n_in_hsn_code or "" if "l10n_in_hsn_code" in template._fields else ""
        taxes = product.taxes_id.filtered(lambda tax: tax.company_id in (self.env.company, False))
        return StockItemMaster(
            name=self._oms_item_name(product),
            base_unit=config.unit_for(product.uom_id.name),
            hsn=hsn,
            gst_rate=self._oms_gst_rate(taxes),
        )

    @api.model
    def _oms_tally_godown_for_line(self, line):
        """Tally godown of an order or invoice line, or None to send none.

        Godowns belong to warehouses, which this module does not know: a stock bridge
        (oms_tally_stock) overrides this.
        """
        return None

    @api.model
    def _oms_godowns_of(self, lines):
        """The distinct godowns of ``lines``, for the masters sent before their voucher."""
        return [name for name in dict.fromkeys(map(self._oms_tally_godown_for_line, lines)) if name]

    @api.model
    def _oms_master_elements(self, config, settings, partner, product_uoms, godowns=()):
        """Return the LEDGER/UNIT/GODOWN/STOCKITEM elements a voucher needs, company ledgers first.

        Tally matches masters by name, so sending them before every voucher only alters them.
        """
        elements = tally_masters.build_company_ledgers(config)
        elements += [tally_masters.build_godown(name) for name in godowns]
        units = {}
        for product, uom in product_uoms:
            for unit in (product.uom_id, uom):
                units.setdefault(config.unit_for(unit.name), unit)
        uqc = {line.tally_unit: line.uqc or "" for line in settings.unit_ids}
        for name, uom in units.items():
            places = max(0, -Decimal(str(uom.rounding)).normalize().as_tuple().exponent)
            elements.append(tally_masters.build_unit(name, places, uqc.get(name, "")))
        if partner:
            elements.append(tally_masters.build_party_ledger(self._oms_party_master(partner), config))
        seen = set()
        for product, _uom in product_uoms:
            if product.id not in seen:
                seen.add(product.id)
                master = self._oms_stock_item_master(product, config)
                elements.append(tally_masters.build_stock_item(master))
        return elements

    @api.model
    def _oms_remote_id_prefix(self):
        # sudo: the database UUID is a system parameter; it only namespaces the key across databases.
        dbuuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid")
        return f"odoo-{dbuuid}-"

    @api.model
    def _oms_remote_id(self, record):
        """Stable idempotency key: Tally alters the voucher it holds under it instead of adding one."""
        return f"{self._oms_remote_id_prefix()}{record._name}-{record.id}"

    @api.model
    def _oms_document_of_remote_id(self, remote_id):
        """The order or invoice of this database a remote id names, or None (e.g. keyed in Tally)."""
        prefix = self._oms_remote_id_prefix()
        if not (remote_id or "").startswith(prefix):
            return None
        model, _sep, record_id = remote_id[len(prefix) :].rpartition("-")
        if model not in ("sale.order", "account.move") or not record_id.isdigit():
            return None
        return self.env[model].browse(int(record_id)).exists() or None

    @api.model
    def _oms_check_push_role(self):
        """The Send to Tally buttons: Finance keeps the books (the manager role includes Finance)."""
        if not self.env.user.has_group(GROUP_FINANCE):
            raise AccessError(self.env._("Only Finance may send documents to Tally."))

    @api.model
    def _oms_check_and_queue(self, documents, kind):
        """Build each document's XML now, so an unbalanced or unmapped voucher is refused before
        anything is queued, then queue it (once) and tell the user."""
        Sync = self.env["oms.tally.sync"]
        for document in documents:
            settings = self.env["oms.tally.config"]._oms_for_company(document.company_id)
            config = settings._oms_core_config()
            try:
                voucher_envelopes(config, [document._oms_tally_voucher(config)])
                masters_envelope(config, document._oms_tally_master_elements(config, settings))
            except ValueError as error:
                raise UserError(
                    self.env._(
                        "%(document)s cannot be sent to Tally: %(error)s",
                        document=document.display_name,
                        error=error,
                    )
                ) from None
            Sync._oms_tally_cancel_open(document, ("cancel",))
        jobs = Sync._oms_enqueue(documents, kind)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Tally Prime"),
                "message": self.env._("%(count)s document(s) queued for Tally.", count=len(jobs)),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _oms_auto_queue(self, documents, kind):
        """Queue documents of companies whose Tally settings ask for it; never blocks the user."""
        if not documents:
            return
        Sync = self.env["oms.tally.sync"]
        # sudo: reading whether the company pushes automatically; the settings stay admin-only.
        settings = (
            self.env["oms.tally.config"].sudo().search([("company_id", "in", documents.company_id.ids)])
        )
        automatic = settings.filtered("auto_push").company_id
        for document in documents.filtered(lambda record: record.company_id in automatic):
            Sync._oms_tally_cancel_open(document, ("cancel",))
            Sync._oms_enqueue(document, kind)

    @api.model
    def _oms_queue_cancellation(self, documents, kind):
        """Drop unsent pushes; cancel in Tally only what Tally already holds."""
        Sync = self.env["oms.tally.sync"]
        for document in documents:
            Sync._oms_tally_cancel_open(document, (kind,))
            if Sync._oms_jobs_of(document, kinds=(kind,), states=("done",)):
                Sync._oms_enqueue(document, "cancel")
