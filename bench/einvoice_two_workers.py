"""Benchmark (issue 5): 200 invoices' IRN jobs processed by two cron workers at once against the loopback IRP.

Two threads, each with its own database cursor, run the outbox cron (``_oms_process_pending``: claim with
FOR UPDATE SKIP LOCKED, one transaction per job) until no job is left. The simulator then says how many
times it registered each document: every one must be exactly once.

This benchmark commits (the workers need to see each other's work): it leaves a company of its own, named
"Bench GST <time>", with its invoices in the benchmark database (oms_bench_gst), never in another one.

Run: OMS_BENCH_DB=oms_bench_gst OMS_BENCH_MODULES=oms_gst_india,l10n_in_edi bench/run einvoice_two_workers
"""

import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg2
from einvoice_common import customer_and_product, indian_company, invoice_values
from odoo_env import parse_arguments
from report import result

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from simulators.nic_irp import IrpSimulator

ARGUMENTS = parse_arguments(
    __doc__, {"--invoices": {"type": int, "default": 200}, "--workers": {"type": int, "default": 2}}
)


def set_up(registry, simulator):
    """Company, IRP connection to the simulator and posted invoices (each queues its IRN job); committed."""
    with registry.cursor() as cursor:
        env = api.Environment(cursor, SUPERUSER_ID, {})
        env, company = indian_company(env)
        company.oms_aato = 60_000_000  # above ₹5 crore: every B2B invoice needs an IRN
        # Odoo's l10n_in_edi is installed too: it keeps away from this journal, so our jobs do the sending.
        env["account.journal"].search([("company_id", "=", company.id)]).write({"edi_format_ids": [(5,)]})
        env["oms.einvoice.config"].create(
            {
                "company_id": company.id,
                "base_url": simulator.base_url,
                "gstin": simulator.gstin,
                "client_id": simulator.client_id,
                "client_secret": simulator.client_secret,
                "username": simulator.username,
                "password": simulator.password,
                "public_key_pem": simulator.public_key_pem,
                "timeout": 10,
            }
        )
        partner, product, tax = customer_and_product(env, company)
        invoices = env["account.move"].create(
            [invoice_values(partner, product, tax, 3, offset=index) for index in range(ARGUMENTS.invoices)]
        )
        invoices.action_post()
        jobs = env["oms.irn.job"].search([("move_id", "in", invoices.ids)])
        assert len(jobs) == len(invoices), f"{len(jobs)} jobs for {len(invoices)} invoices"
        # Older runs' jobs (other companies, simulators long gone) must not get in the way.
        env["oms.irn.job"].search([("state", "=", "pending"), ("company_id", "!=", company.id)]).write(
            {"state": "cancelled"}
        )
        cursor.commit()
        return invoices.mapped("name"), jobs.ids


def worker(registry, processed, errors):
    name = threading.current_thread().name
    with registry.cursor() as cursor:
        env = api.Environment(cursor, SUPERUSER_ID, {})
        while True:
            try:
                # One job per call, so that a restart below loses no count (the cron itself takes 100).
                done = env["oms.irn.job"]._oms_process_pending(limit=1, commit=True)
            except psycopg2.errors.SerializationFailure:
                # The claim (FOR UPDATE SKIP LOCKED under REPEATABLE READ) met a job the other worker had
                # just committed: nothing was sent; claim again, as the next cron run would.
                cursor.rollback()
                env.invalidate_all()
                errors[name] += 1
                continue
            processed[name] += len(done)
            if not done:
                break


def main():
    odoo.tools.config.parse_config(["-c", ARGUMENTS.odoo_config, *ARGUMENTS.odoo_option])
    registry = Registry(ARGUMENTS.database)
    with IrpSimulator() as simulator:
        names, job_ids = set_up(registry, simulator)
        processed, errors = Counter(), Counter()
        threads = [
            threading.Thread(target=worker, args=(registry, processed, errors), name=f"worker-{index + 1}")
            for index in range(ARGUMENTS.workers)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        with registry.cursor() as cursor:
            env = api.Environment(cursor, SUPERUSER_ID, {})
            states = Counter(env["oms.irn.job"].browse(job_ids).mapped("state"))
        counts = Counter(simulator.generated_count(name) for name in names)
    print(f"invoices                     : {len(names)}")
    print(
        f"workers                      : {ARGUMENTS.workers} ({', '.join(f'{k} {v} jobs' for k, v in sorted(processed.items()))})"
    )
    print(f"worker restarts (snapshot)   : {sum(errors.values())}")
    print(f"elapsed                      : {elapsed:.2f} s ({len(names) / elapsed:.1f} invoices/s)")
    print(f"job states                   : {dict(states)}")
    print(f"simulator count per document : {dict(sorted(counts.items()))} (times registered: documents)")
    verdict = counts == Counter({1: len(names)})
    print(f"each document exactly once   : {'yes' if verdict else 'NO'}")
    result("IRN jobs by two workers", elapsed, "s", "each document sent once", verdict, work=len(names))
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
