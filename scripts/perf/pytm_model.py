"""A pytm model of UNITS copies of one small web system (a user, a web server, a
database, a log store, across two boundaries), for scripts/pytm-peer.sh.

    python pytm_model.py UNITS --json OUT.json

prints the number of findings pytm made on stderr.
"""

import sys

from pytm import TM, Actor, Boundary, Dataflow, Datastore, Lambda, Server

units = int(sys.argv.pop(1))

tm = TM("peer")
tm.description = "Generated for the performance comparison with threatbench export."
internet = Boundary("Internet")
internal = Boundary("Internal")
for n in range(units):
    user = Actor(f"user {n}")
    user.inBoundary = internet
    web = Server(f"web {n}")
    web.inBoundary = internal
    web.OS = "Linux"
    web.sanitizesInput = False
    web.encodesOutput = False
    db = Datastore(f"database {n}")
    db.inBoundary = internal
    db.isSQL = True
    logs = Datastore(f"logs {n}")
    logs.inBoundary = internal
    job = Lambda(f"job {n}")
    job.inBoundary = internal
    for source, sink, name in [
        (user, web, "request"),
        (web, user, "response"),
        (web, db, "query"),
        (db, web, "rows"),
        (web, logs, "log"),
        (job, db, "cleanup"),
    ]:
        flow = Dataflow(source, sink, f"{name} {n}")
        flow.protocol = "HTTP"

tm.process()
print(f"findings: {len(tm.findings)}", file=sys.stderr)
