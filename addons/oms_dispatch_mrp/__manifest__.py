{
    "name": "Order Management: Dispatch - Manufacturing",
    "summary": "Factory Order, Assembly Plan and Finished Products stages of the order pipeline on Odoo's "
    "manufacturing orders",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_dispatch", "sale_mrp", "hr"],
    "data": [
        "security/oms_dispatch_mrp_security.xml",
        "security/ir.model.access.csv",
        "data/oms_check_data.xml",
        "views/sale_order_views.xml",
        "views/hr_employee_views.xml",
    ],
    "demo": ["demo/oms_dispatch_mrp_demo.xml", "demo/oms_assembly_demo.xml"],
    # Installing Manufacturing on a dispatch database pulls this bridge (and hr, for the assembly team).
    "auto_install": ["oms_dispatch", "sale_mrp"],
    "installable": True,
    "images": ["static/description/screenshot_production_order.png"],
}
