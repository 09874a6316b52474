from test_reports import *  # noqa
from test_reports import world, users, queue  # noqa


def test_dump(world, users, app, queue, make_school):
    client = app.test_client()
    make_school("evil-1", world["mun_a"], short_name=HOSTILE)
    for k in range(8):
        make_school(f"x{k}", world["mun_a"], short_name=f"МБОУ «Средняя общеобразовательная школа № {k} имени Героя Советского Союза»")
    as_user(client, users["op_r1"])
    ids = [report_id(order(client, "/r/r1/reports/")), report_id(order(client, "/m/mun-a/reports/", format="pdf"))]
    client = as_user(app.test_client(), users["curator_a1"])
    ids.append(report_id(order(client, "/s/a1/reports/")))
    work(queue)
    for i in ids:
        r = fetch(i)
        assert r.status == "done", r.failure
        open(f"/tmp/rep-{r.kind}.pdf", "wb").write(r.content)
