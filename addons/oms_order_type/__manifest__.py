{
    "name": "Order Management: Order Types",
    "summary": "Order types per company on OCA's Sale Order Type: kinds (Standard, Staff, Metro, Consignment, "
    "Promotion, Gift, Display, Sponsor), allowed warehouses, stages skipped, staff limits, Tally voucher types",
    "version": "18.0.1.2.0",
    "category": "Sales/Sales",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    # AGPL-3: it extends OCA's sale_order_type (AGPL-3); the rest of the suite stays LGPL-3.
    "license": "AGPL-3",
    "depends": ["sale_order_type", "oms_gst_india", "oms_tally_bridge", "hr"],
    "data": [
        "security/ir.model.access.csv",
        "security/oms_consignment_security.xml",
        "data/sale_order_type_data.xml",
        "views/sale_order_type_views.xml",
        "views/sale_order_views.xml",
        "views/oms_consignment_views.xml",
    ],
    "demo": [
        "demo/oms_order_type_demo.xml",
    ],
    "installable": True,
    "images": ["static/description/screenshot_order_type.png"],
    "auto_install": False,
}
