"""Odoo records → the one plain GST document (oms_gst.gst_document) that the IRN payload and the e-way bill
payload are both built from.

Everything NIC needs from Odoo is read here, once: the parties and their PIN and state codes, each line's HSN,
quantity, unit (UQC) and price, and the tax amounts Odoo's own tax engine computed for the line, GST and cess
apart (l10n_in models cess as separate taxes, often on the same line as a GST tax). Because the amounts are
Odoo's, the payloads' totals agree with the invoice to the paisa.
"""

from odoo.exceptions import UserError

from ..oms_gst.gst_document import UNREGISTERED_GSTIN, GstDocument, GstLine, Party, TaxComponent, line_taxes
from ..oms_gst.hsn import uqc_code
from ..oms_gst.tax_split import EXPORT_STATE_CODE

EXPORT_PINCODE = 999999
DOC_TYPES = {"out_invoice": "INV", "out_refund": "CRN"}
STATE_CESS_TAG = "l10n_in.tax_tag_state_cess"
_ADDRESS_FIELDS = ("street", "street2", "city", "zip", "state_id", "country_id")


def gst_document_of(invoice, quantities=None, doc_type=None, number=None, date=None, ship_to=None):
    """The :class:`GstDocument` of a customer invoice, or of one consignment of it.

    ``quantities`` maps invoice lines to the quantities a consignment carries (in the lines' units); without
    it the document is the whole invoice, its rounding line included. ``doc_type``, ``number`` and ``date``
    default to the invoice's (INV or CRN); a delivery challan passes "CHL" and its own. ``ship_to`` is the
    partner the goods go to, reported only where its address differs from the buyer's.
    """
    invoice.ensure_one()
    decision = _decision_of(invoice)
    overseas = invoice.l10n_in_gst_treatment == "overseas"
    lines = [_gst_line(base_line) for base_line in _taxed_base_lines(invoice, quantities)]
    buyer = invoice.partner_id.commercial_partner_id
    seller = party_of(invoice.company_id.partner_id)
    place = decision.place_of_supply
    igst = any(line.igst_amount for line in lines)
    return GstDocument(
        doc_type=doc_type or DOC_TYPES[invoice.move_type],
        number=number or invoice.name,
        date=date or invoice.invoice_date,
        supply_type=decision.sup_typ or "B2B",  # B2C invoices get no IRN but still travel with e-way bills
        # IGST inside the state happens only where the law says so (SEZ, or a tax the accountant chose).
        igst_on_intra=igst and seller.state_code == place,
        seller=seller,
        buyer=party_of(buyer, overseas=overseas),
        place_of_supply=place,
        ship_to=_ship_to(ship_to, buyer, overseas),
        lines=lines,
        round_off=_rounding(invoice) if quantities is None else 0,
    )


def gst_challan_document_of(picking, number, date):
    """The :class:`GstDocument` of a delivery challan for goods that move without being supplied (CGST
    Rule 55(1)(c): free samples and gifts, goods for display, goods sent on consignment): the delivery's own
    quantities at their value (``picking._oms_non_supply_unit_value``), and no tax, since no supply is made
    (Rule 55(2) asks for the tax rate and amount only where the goods move for a supply)."""
    picking.ensure_one()
    decision = _decision_of(picking)
    buyer = picking._oms_non_supply_buyer().commercial_partner_id
    overseas = buyer.l10n_in_gst_treatment == "overseas"
    lines = []
    for move in picking.move_ids.filtered(lambda move: move.state != "cancel" and move.quantity):
        quantity, unit, unit_value = picking._oms_non_supply_unit_value(move)
        lines.append(
            GstLine(
                description=move.product_id.display_name or "",
                is_service=False,
                hsn=move.product_id.l10n_in_hsn_code or "",
                quantity=str(quantity),
                unit=uqc_of(unit),
                unit_price=str(unit_value),
                **line_taxes([]),
            )
        )
    return GstDocument(
        doc_type="CHL",
        number=number,
        date=date,
        supply_type=decision.sup_typ or "B2B",
        seller=party_of(picking.company_id.partner_id),
        buyer=party_of(buyer, overseas=overseas),
        place_of_supply=decision.place_of_supply,
        ship_to=_ship_to(picking.partner_id, buyer, overseas),
        lines=lines,
    )


def _decision_of(document):
    """The GST supply decision of an invoice or a delivery, refused in words when it cannot be made."""
    decision = document._oms_supply_decision()
    if decision is None:
        raise UserError(
            document.env._(
                "%(document)s has no GST place of supply: set the company's state and the customer's GST "
                "treatment and state.",
                document=document.display_name,
            )
        )
    return decision


def party_of(partner, overseas=False):
    """The :class:`Party` of a partner (its commercial entity's GSTIN and name, its own address)."""
    entity = partner.commercial_partner_id or partner
    return Party(
        gstin=UNREGISTERED_GSTIN if overseas else (entity.vat or ""),
        legal_name=entity.name or "",
        address1=partner.street or partner.city or "",
        address2=partner.street2 or "",
        location=partner.city or "",
        pincode=EXPORT_PINCODE if overseas else (partner.zip or ""),
        state_code=EXPORT_STATE_CODE if overseas else (partner.state_id.l10n_in_tin or ""),
        phone=partner.phone or entity.phone or "",
        email=partner.email or entity.email or "",
    )


def uqc_of(uom):
    """The UQC code NIC wants for a unit of measure (l10n_in's code, 'OTH' when it has none)."""
    return uqc_code(uom.l10n_in_code)


def _ship_to(partner, buyer, overseas):
    if not partner or all(partner[field] == buyer[field] for field in _ADDRESS_FIELDS):
        return None
    return party_of(partner, overseas=overseas)


def _rounding(invoice):
    # The rounding line (l10n_in's cash rounding) is the round-off; its balance is the other way round from
    # the document (a credit on a customer invoice), as direction_sign says.
    rounding = invoice.line_ids.filtered(lambda line: line.display_type == "rounding")
    return round(sum(rounding.mapped("balance")) * invoice.direction_sign, 2)


def _taxed_base_lines(invoice, quantities):
    """Odoo's base lines of the invoice's product lines, with their rounded tax details."""
    if quantities is None:
        # The stored invoice: rounded as its tax journal items were, so the totals are the invoice's.
        base_lines, _tax_lines = invoice._get_rounded_base_and_tax_lines()
        return [
            base_line
            for base_line in base_lines
            if base_line["record"]._name == "account.move.line"
            and base_line["record"].display_type == "product"
        ]
    base_lines = []
    for line, quantity in quantities.items():
        base_line = invoice._prepare_product_base_line_for_taxes_computation(line)
        base_line["quantity"] = quantity
        base_lines.append(base_line)
    taxes = invoice.env["account.tax"]
    taxes._add_tax_details_in_base_lines(base_lines, invoice.company_id)
    taxes._round_base_lines_tax_details(base_lines, invoice.company_id)
    return base_lines


def _gst_line(base_line):
    line = base_line["record"]
    # Prices in rupees: NIC's amounts are in INR whatever the invoice currency.
    rate = base_line["rate"] or 1.0
    quantity = base_line["quantity"]
    price_unit = line.price_unit / rate
    gross = quantity * price_unit
    return GstLine(
        description=line.product_id.display_name or line.name or "",
        is_service=line.product_id.type == "service",
        hsn=line.l10n_in_hsn_code or "",
        quantity=str(quantity),
        unit=uqc_of(line.product_uom_id),
        unit_price=str(price_unit),
        discount=str(round(gross * line.discount / 100, 2)),
        **line_taxes(_tax_components(base_line)),
    )


def _tax_components(base_line):
    state_cess = base_line["record"].env.ref(STATE_CESS_TAG, raise_if_not_found=False)
    components = []
    for tax_data in base_line["tax_details"]["taxes_data"]:
        # A tax whose repartition takes its own amount back (l10n_in's "IGST (SZ/EX)" taxes of supplies to
        # SEZ units and exports: +100 % to IGST, -100 % to the refund claim) comes twice; the second is the
        # offset, not a GST of the supply: like l10n_in_edi, which reads the GST-tagged lines, leave it out.
        if tax_data.get("is_reverse_charge"):
            continue
        tax = tax_data["tax"]
        kind = tax.l10n_in_tax_type or "other"
        if state_cess and state_cess in tax.invoice_repartition_line_ids.tag_ids:
            kind = "state_cess"
        components.append(
            TaxComponent(
                kind=kind,
                ad_valorem=tax.amount_type == "percent",
                rate=tax.amount if tax.amount_type == "percent" else 0,
                amount=tax_data["tax_amount"],
            )
        )
    return components
