{
    "name": "Order Management: Dispatch - Manufacturing",
    "summary": "Factory Order stage of the order pipeline on Odoo's manufacturing orders",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_dispatch", "sale_mrp"],
    "data": [
        "security/oms_dispatch_mrp_security.xml",
        "security/ir.model.access.csv",
        "views/sale_order_views.xml",
    ],
    "demo": ["demo/oms_dispatch_mrp_demo.xml"],
    "auto_install": True,
    "installable": True,
}
