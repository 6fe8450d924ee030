{
    "name": "Order Management: Outbox",
    "summary": "Outbound jobs sent exactly once by cron workers: claimed with SKIP LOCKED, retried with "
    "backoff, dead-lettered after their attempts (used for NIC's IRN and e-way bills, Tally, customer mails)",
    "version": "18.0.1.0.0",
    "category": "Technical",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["base"],
    "data": ["security/ir.model.access.csv"],
    "installable": True,
    "images": ["static/description/screenshot_outbox_jobs.png"],
}
