"""Shared set-up of the e-invoice benchmarks: an Indian company (l10n_in chart) in Karnataka, a customer in
Maharashtra (inter-state, IGST) and invoices of ``lines`` lines each."""

import time

from odoo import Command, fields

SELLER_GSTIN = "29AABCU9603R1ZJ"  # the IRP simulator's GSTIN
BUYER_GSTIN = "27AAPFU0939F1ZV"


def indian_company(env, name=None):
    """A new company with l10n_in's chart, GST rules on; returns ``env`` switched to it and the company."""
    company = env["res.company"].create(
        {
            "name": name or f"Bench GST {time.time_ns()}",
            "country_id": env.ref("base.in").id,
            "state_id": env.ref("base.state_in_ka").id,
            "street": "12 Industrial Layout",
            "city": "Bengaluru",
            "zip": "560001",
            "vat": SELLER_GSTIN,
            "currency_id": env.ref("base.INR").id,
        }
    )
    env.user.company_ids |= company
    env = env(context=dict(env.context, allowed_company_ids=[company.id]))
    env["account.chart.template"].try_loading("in", company, install_demo=False)
    company.write({"oms_gst_enforce": True, "l10n_in_hsn_code_digit": "4", "oms_aato": 0})
    return env, env["res.company"].browse(company.id)


def customer_and_product(env, company):
    partner = env["res.partner"].create(
        {
            "name": "Pune Fabricators LLP",
            "is_company": True,
            "street": "Plot 4, Industrial Area",
            "city": "Pune",
            "zip": "411001",
            "state_id": env.ref("base.state_in_mh").id,
            "country_id": env.ref("base.in").id,
            "vat": BUYER_GSTIN,
            "l10n_in_gst_treatment": "regular",
        }
    )
    product = env["product.product"].create(
        {"name": "Ball Bearing 6205", "type": "consu", "list_price": 100, "l10n_in_hsn_code": "84821010"}
    )
    tax = env["account.chart.template"].with_company(company).ref("igst_sale_18")
    return partner, product, tax


def invoice_values(partner, product, tax, lines, offset=0):
    return {
        "move_type": "out_invoice",
        "partner_id": partner.id,
        "invoice_date": fields.Date.context_today(partner),
        "invoice_line_ids": [
            Command.create(
                {
                    "product_id": product.id,
                    "name": f"Ball Bearing 6205, lot {offset + index}",
                    "quantity": 1 + index % 5,
                    "price_unit": 100 + index % 37 + 0.25,
                    "tax_ids": [Command.set(tax.ids)],
                }
            )
            for index in range(lines)
        ],
    }
