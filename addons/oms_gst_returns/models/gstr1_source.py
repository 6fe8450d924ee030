"""A period's posted customer invoices and credit notes, read in bulk from the journal items, as the plain
documents of ``oms_gst.gstr1``.

Three statements read the whole period, whatever its size: the documents (posted and cancelled, for the
documents-issued summary), their product lines with their taxes, and the taxes themselves. Which moves are
read is decided by the ORM's own search (``_search``), so record rules and multi-company rules still apply.

The buyer's GSTIN is the one l10n_in stored on the invoice when it was posted (a later change to the customer
does not rewrite past returns). Amounts are in rupees (the company currency's balance). A line's GST is computed per line and rounded
half up, as Odoo's default "round per line" computes the invoice's tax journal items; its rate is the sum
of its IGST, CGST and SGST rates. A zero-rated tax under a Letter of Undertaking (l10n_in's "IGST (SEZ/EXPORT-
LUT)": IGST's base tag but no IGST line) gives its rate with no tax.
"""

from collections import defaultdict
from decimal import Decimal

from odoo.tools import SQL

from odoo.addons.oms_gst_india.oms_gst.amounts import ZERO, round_amount
from odoo.addons.oms_gst_india.oms_gst.gstr1 import ReturnDocument, ReturnLine
from odoo.addons.oms_gst_india.oms_gst.gstr1_summary import IssuedDocument
from odoo.addons.oms_gst_india.oms_gst.hsn import uqc_code
from odoo.addons.oms_gst_india.oms_gst.tax_split import EXPORT_STATE_CODE

DOCUMENT_TYPES = {"out_invoice": "INV", "out_refund": "CRN"}
GST_KINDS = ("igst", "cgst", "sgst")
SERVICE_HSN_PREFIX = "99"  # SAC codes of services are HSN chapter 99

_DOCUMENTS = """
SELECT m.id, m.name, m.move_type, m.state, m.invoice_date, m.sequence_prefix, m.sequence_number,
       m.l10n_in_gst_treatment, pos.l10n_in_tin, COALESCE(NULLIF(m.l10n_in_gstin, ''), buyer.vat), buyer.name, ABS(m.amount_total_signed),
       ABS(original.amount_total_signed), original.invoice_date, m.oms_irn, m.oms_einvoice_state,
       port.code, m.l10n_in_shipping_bill_number, m.l10n_in_shipping_bill_date
  FROM account_move m
  LEFT JOIN res_country_state pos ON pos.id = m.l10n_in_state_id
  LEFT JOIN res_partner buyer ON buyer.id = m.commercial_partner_id
  LEFT JOIN account_move original ON original.id = m.reversed_entry_id
  LEFT JOIN l10n_in_port_code port ON port.id = m.l10n_in_shipping_port_code_id
 WHERE m.id IN %s
 ORDER BY m.invoice_date, m.sequence_prefix, m.sequence_number, m.id
"""
_LINES = """
SELECT line.move_id, line.balance, line.quantity, line.l10n_in_hsn_code, uom.l10n_in_code, template.type,
       COALESCE(template.name->>'en_US', line.name), ARRAY_REMOVE(ARRAY_AGG(rel.account_tax_id), NULL)
  FROM account_move_line line
  LEFT JOIN uom_uom uom ON uom.id = line.product_uom_id
  LEFT JOIN product_product product ON product.id = line.product_id
  LEFT JOIN product_template template ON template.id = product.product_tmpl_id
  LEFT JOIN account_move_line_account_tax_rel rel ON rel.account_move_line_id = line.id
 WHERE line.move_id IN %s AND line.display_type = 'product'
 GROUP BY line.id, uom.l10n_in_code, template.type, template.name
 ORDER BY line.move_id, line.sequence, line.id
"""


def period_domain(company, date_from, date_to):
    """The customer invoices and credit notes a GSTR-1 of the period reports or counts."""
    return [
        ("company_id", "=", company.id),
        ("move_type", "in", tuple(DOCUMENT_TYPES)),
        ("invoice_date", ">=", date_from),
        ("invoice_date", "<=", date_to),
        ("state", "in", ("posted", "cancel")),
        ("name", "!=", "/"),
    ]


def read_period(env, company, date_from, date_to):
    """(documents, issued): the posted documents as ReturnDocument (``key`` = the move id) and every
    number issued, cancelled ones included, as IssuedDocument."""
    # The statements below read the tables: whatever the ORM still holds in memory must be written first.
    env.flush_all()
    moves = env["account.move"]._search(period_domain(company, date_from, date_to))
    env.cr.execute(SQL(_DOCUMENTS, moves.subselect()))
    headers = env.cr.fetchall()
    posted_ids = tuple(row[0] for row in headers if row[3] == "posted")
    move_types = {row[0]: row[2] for row in headers}
    lines = _read_lines(env, posted_ids, move_types) if posted_ids else {}
    supplier_state = company.state_id.l10n_in_tin or ""
    documents, issued = [], []
    for row in headers:
        (
            move_id,
            name,
            move_type,
            state,
            invoice_date,
            prefix,
            sequence,
            treatment,
            pos,
            vat,
            buyer_name,
            value,
            original_value,
            original_date,
            irn,
            einvoice_state,
            port,
            bill_number,
            bill_date,
        ) = row
        doc_type = DOCUMENT_TYPES[move_type]
        issued.append(
            IssuedDocument(
                doc_type=doc_type,
                series=prefix or "",
                sequence=sequence or 0,
                number=name,
                cancelled=state == "cancel",
            )
        )
        if state != "posted":
            continue
        documents.append(
            ReturnDocument(
                key=move_id,
                doc_type=doc_type,
                number=name,
                date=invoice_date,
                buyer_gstin=vat or "",
                buyer_name=buyer_name or "",
                treatment=treatment or "",
                supplier_state=supplier_state,
                # An export's place of supply is outside India (IGST Act s. 13), whatever state l10n_in fell back
                # to for a buyer abroad without one.
                place_of_supply=EXPORT_STATE_CODE if treatment == "overseas" else (pos or ""),
                value=Decimal(str(value)),
                original_value=Decimal(str(original_value)) if original_value is not None else None,
                original_date=original_date,
                # An IRN the IRP cancelled no longer fills the portal: the invoice is then reported by us.
                irn=(irn or "") if einvoice_state != "cancelled" else "",
                port_code=port or "",
                shipping_bill_number=bill_number or "",
                shipping_bill_date=bill_date,
                lines=tuple(lines.get(move_id, ())),
            )
        )
    return documents, issued


def _read_lines(env, move_ids, move_types):
    env.cr.execute(SQL(_LINES, move_ids))
    rows = env.cr.fetchall()
    components = _tax_components(env, {tax_id for row in rows for tax_id in row[7]})
    lines = defaultdict(list)
    for move_id, balance, quantity, hsn, unit_code, product_type, description, tax_ids in rows:
        # A sale is a credit, a credit note a debit: both reported positive.
        taxable = round_amount(-balance if move_types[move_id] == "out_invoice" else balance)
        quantity = Decimal(str(quantity or 0))
        hsn = (hsn or "").strip()
        amounts = dict.fromkeys(("igst", "cgst", "sgst", "cess"), ZERO)
        rate = ZERO
        for tax_id in tax_ids:
            for kind, amount_type, amount in components[tax_id]:
                if kind in GST_KINDS or kind == "zero_rated":
                    rate += amount
                if kind in amounts:
                    tax = taxable * amount / 100 if amount_type == "percent" else quantity * amount
                    amounts[kind] += round_amount(tax)
        lines[move_id].append(
            ReturnLine(
                hsn=hsn,
                description=description or "",
                uqc=uqc_code(unit_code),
                quantity=quantity,
                is_service=product_type == "service" or hsn.startswith(SERVICE_HSN_PREFIX),
                rate=rate.normalize() if rate else ZERO,
                taxable=taxable,
                **amounts,
            )
        )
    return lines


def _tax_components(env, tax_ids):
    """{tax id: [(kind, amount_type, amount)]}: each tax flattened to its children, with l10n_in's GST kind
    (igst, cgst, sgst, cess), "zero_rated" for a LUT tax, or None for a tax that is not GST."""
    base_igst = env.ref("l10n_in.tax_tag_base_igst", raise_if_not_found=False)
    result = {}
    for tax in env["account.tax"].browse(tax_ids).with_context(active_test=False):
        components = []
        for child in tax.flatten_taxes_hierarchy():
            kind = child.l10n_in_tax_type
            if not kind and base_igst and base_igst in child.invoice_repartition_line_ids.tag_ids:
                kind = "zero_rated"
            components.append((kind, child.amount_type, Decimal(str(child.amount))))
        result[tax.id] = components
    return result
