"""What must hold after the load: read from the database and the simulators, never from the server's word."""

import re

JOB_TABLES = ("oms_irn_job", "oms_eway_bill_operation", "oms_tally_sync", "oms_customer_mail")
LOG_PROBLEM = re.compile(r" (ERROR|CRITICAL) ")


def outbox_backlog(cr):
    """Jobs still waiting or dead-lettered, per table (tables of modules not installed are skipped)."""
    backlog = {}
    for table in JOB_TABLES:
        cr.execute("SELECT to_regclass(%s)", [table])
        if cr.fetchone()[0]:
            cr.execute(
                f"SELECT state, count(*) FROM {table} WHERE state IN ('pending', 'failed') GROUP BY state"
            )  # fixed table names, no input
            for state, count in cr.fetchall():
                backlog[f"{table}.{state}"] = count
    return backlog


def mail_backlog(cr, since):
    """Mails of the run Odoo's mail queue has not delivered yet (pending) or gave up on (failed)."""
    cr.execute(
        """SELECT state, count(*) FROM mail_mail WHERE create_date >= %s AND state IN ('outgoing', 'exception')
         GROUP BY state""",
        [since],
    )
    return {
        f"mail_mail.{'pending' if state == 'outgoing' else 'failed'}": count for state, count in cr.fetchall()
    }


def customer_mail_counts(cr, since):
    """Customer mails of the run: queued by the business actions, prepared (with their PDFs) and posted."""
    cr.execute(
        "SELECT count(*), count(*) FILTER (WHERE state = 'done') FROM oms_customer_mail WHERE create_date >= %s",
        [since],
    )
    return cr.fetchone()


def pdfs_rendered(log_path):
    with open(log_path, encoding="utf-8", errors="replace") as log:
        return sum(1 for line in log if "The PDF report has been generated" in line)


def over_dispatched_lines(cr, order_ids):
    cr.execute(
        """SELECT order_id, id, product_uom_qty, qty_delivered FROM sale_order_line
            WHERE order_id = ANY(%s) AND qty_delivered > product_uom_qty""",
        [list(order_ids)],
    )
    return cr.fetchall()


def history_gaps(cr, order_ids):
    """Orders whose history does not chain: each row's 'from' is the 'to' of the order's previous move
    (skip rows record the stages passed over from the same 'from', so they do not advance the chain)."""
    cr.execute(
        """SELECT order_id, id, from_stage_id, to_stage_id, kind FROM oms_stage_history
            WHERE order_id = ANY(%s) ORDER BY order_id, date, id""",
        [list(order_ids)],
    )
    gaps, previous = [], {}
    for order_id, row_id, from_stage, to_stage, kind in cr.fetchall():
        if order_id in previous and previous[order_id] != from_stage:
            gaps.append((order_id, row_id))
        if kind != "skip":
            previous[order_id] = to_stage
    return gaps


def documents_of(cr, order_ids):
    cr.execute(
        """SELECT DISTINCT move.name FROM account_move move
             JOIN account_move_line aml ON aml.move_id = move.id
             JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
             JOIN sale_order_line sol ON sol.id = rel.order_line_id
            WHERE sol.order_id = ANY(%s) AND move.state = 'posted'""",
        [list(order_ids)],
    )
    invoices = [row[0] for row in cr.fetchall()]
    cr.execute("SELECT name FROM sale_order WHERE id = ANY(%s)", [list(order_ids)])
    orders = [row[0] for row in cr.fetchall()]
    return orders, invoices


def eway_bill_problems(cr, order_ids):
    """Each dispatched tranche of the run carries exactly one e-way bill with a number from NIC."""
    cr.execute(
        """SELECT picking.name, count(bill.id), count(bill.oms_ewb_no)
             FROM stock_picking picking
             JOIN oms_eway_bill bill ON bill.picking_id = picking.id
            WHERE picking.sale_id = ANY(%s)
         GROUP BY picking.name
           HAVING count(bill.id) != 1 OR count(bill.oms_ewb_no) != 1""",
        [list(order_ids)],
    )
    return cr.fetchall()


def left_before_eway_bill(cr, order_ids):
    """Dispatched tranches whose goods left before their e-way bill existed (CGST Rule 138): every tranche of
    the run is above the threshold, so each needs a bill generated no later than its delivery was validated."""
    cr.execute(
        """SELECT picking.name
             FROM stock_picking picking
             JOIN stock_picking_type kind ON kind.id = picking.picking_type_id AND kind.code = 'outgoing'
        LEFT JOIN oms_eway_bill bill ON bill.picking_id = picking.id AND bill.oms_ewb_no IS NOT NULL
            WHERE picking.sale_id = ANY(%s) AND picking.state = 'done'
              AND (bill.id IS NULL OR bill.oms_ewb_date > picking.date_done)""",
        [list(order_ids)],
    )
    return [row[0] for row in cr.fetchall()]


def sent_twice(irp, tally_company, invoices):
    """Documents the simulators received more than once (or never)."""
    problems = []
    for name in invoices:
        count = irp.generated_count(name)
        if count != 1:
            problems.append(f"IRN for {name}: generated {count} times")
    for remote_id, count in tally_company.creations.items():
        if count != 1:
            problems.append(f"Tally voucher {remote_id}: created {count} times")
    return problems


def log_problems(log_path):
    """ERROR lines, except a query that lost a serialization race which was then retried: by Odoo (its
    ``SERIALIZATION_FAILURE, N tries left`` line follows) or by an outbox job (``it is retried`` follows).
    That is PostgreSQL, Odoo and the outbox doing their job. Other processes write between the two lines,
    so the retry is looked for among the next lines of the same process."""
    with open(log_path, encoding="utf-8", errors="replace") as log:
        lines = log.read().splitlines()
    problems = []
    for index, line in enumerate(lines):
        if not LOG_PROBLEM.search(line):
            continue
        if "bad query" in line and "could not serialize" in "\n".join(lines[index + 1 : index + 3]):
            process = line.split()[2]
            same_process = [
                later for later in lines[index + 1 : index + 80] if later.split()[2:3] == [process]
            ]
            if any("tries left" in later or "it is retried" in later for later in same_process[:3]):
                continue
        problems.append(line[:300])
    return problems


def serialization_retries(log_path):
    with open(log_path, encoding="utf-8", errors="replace") as log:
        return sum(1 for line in log if "SERIALIZATION_FAILURE" in line and "tries left" in line)
