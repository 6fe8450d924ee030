"""Shared by existing_odoo_state.py and existing_odoo_checks.py (run inside ``odoo shell``, where this file
is exec'd): the business a company did in plain Odoo before adding the suite, walked through Odoo's own
flows, and the fingerprint of it that installing and uninstalling the suite must leave untouched."""

from odoo import Command, fields


def make_business(env, tag):
    """A customer, a vendor, a storable product received into stock, an order delivered and invoiced, an
    order confirmed and not yet delivered, a quotation, a purchase order received. Returns the records."""
    customer = env["res.partner"].create(
        {"name": f"Existing Customer {tag}", "email": f"buyer-{tag}@example.com"}
    )
    vendor = env["res.partner"].create({"name": f"Existing Vendor {tag}"})
    product = env["product.product"].create(
        {
            "name": f"Existing Pump {tag}",
            "is_storable": True,
            "list_price": 1000.0,
            "standard_price": 600.0,
            "invoice_policy": "delivery",
            "seller_ids": [Command.create({"partner_id": vendor.id, "price": 600.0})],
        }
    )
    purchase = env["purchase.order"].create(
        {
            "partner_id": vendor.id,
            "order_line": [Command.create({"product_id": product.id, "product_qty": 20})],
        }
    )
    purchase.button_confirm()
    validate(purchase.picking_ids)

    def sale(quantity):
        return env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": quantity})],
            }
        )

    delivered = sale(5)
    delivered.action_confirm()
    validate(delivered.picking_ids)
    invoice = delivered._create_invoices()
    invoice.action_post()
    open_order = sale(3)
    open_order.action_confirm()
    quotation = sale(2)
    return {
        "customer": customer,
        "product": product,
        "purchase": purchase,
        "delivered": delivered,
        "invoice": invoice,
        "open_order": open_order,
        "quotation": quotation,
    }


def validate(pickings):
    """Odoo's Validate button on each transfer, every reserved quantity picked."""
    for picking in pickings:
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()


def fingerprint(env, ids):
    """What a user sees of the earlier business: states, amounts, quantities, names."""
    browse = {name: env[model].browse(ids[name]) for name, model in MODELS.items()}
    product = browse["product"]
    return {
        "sales": [
            [order.name, order.state, order.amount_total, order.invoice_status, len(order.picking_ids)]
            for order in browse["delivered"] | browse["open_order"] | browse["quotation"]
        ],
        "deliveries": sorted(
            [picking.name, picking.state]
            for picking in (browse["delivered"] | browse["open_order"]).picking_ids
        ),
        "invoice": [browse["invoice"].name, browse["invoice"].state, browse["invoice"].amount_total],
        "purchase": [browse["purchase"].name, browse["purchase"].state, browse["purchase"].receipt_status],
        "on_hand": product.with_context(warehouse_id=False).qty_available,
        "partner": [browse["customer"].name, browse["customer"].email],
    }


MODELS = {
    "customer": "res.partner",
    "product": "product.product",
    "purchase": "purchase.order",
    "delivered": "sale.order",
    "invoice": "account.move",
    "open_order": "sale.order",
    "quotation": "sale.order",
}


def still_works(env, tag):
    """Odoo's own flow on new records: quotation, confirmation, delivery, invoice. Returns a problem or None."""
    records = make_business(env, tag)
    if records["invoice"].state != "posted":
        return f"a new invoice stayed {records['invoice'].state}"
    if records["delivered"].picking_ids.mapped("state") != ["done"]:
        return f"a new delivery stayed {records['delivered'].picking_ids.mapped('state')}"
    if fields.Date.today() != records["invoice"].invoice_date:
        return "a new invoice is not dated today"
    return None
