#!/usr/bin/env python3
"""The failure test of scripts/cluster.sh (run by `scripts/cluster.sh test`, which sets the ports in the environment).

1. A price changed through node A is shown by node B on the next request (B's page cached first).
2. A shopper signed in through node A is signed in on node B (one cookie, keys in PostgreSQL).
   An image uploaded through node A is served by node B (media in PostgreSQL, each node given a folder of its own).
   Both nodes read the catalogue from the streaming replica (their /health/ready says so, and the replica serves rows).
3. Buyers place orders through nginx while node A is killed with kill -9 and restarted, then node B is stopped with
   SIGTERM (drained) and restarted. Every order is placed with an Idempotency-Key and retried with the same key after a
   transport error or a 5xx, as a client must. Then, on the primary: no order lost (every key answered has its order,
   every order in the database was answered), none doubled (one order per key, one number per key), no oversell (a SKU
   with little stock: reserved = ordered <= stock), the error rate of each phase (none may fail while node B drains and
   restarts; kill -9 fails what node A had in flight, which is reported); the replica has replayed them all.
Prints what it measured; exits 1 with the first failed check. Bounded: at most CLUSTER_TEST_SECONDS (300) of load.
"""
import json
import os
import subprocess
import sys
import threading
import time
import http.client
import uuid

NGINX = int(os.environ["NGINX_PORT"])
NODE_A = int(os.environ["NODE_A_PORT"])
NODE_B = int(os.environ["NODE_B_PORT"])
PRIMARY = int(os.environ["PRIMARY_PORT"])
REPLICA = int(os.environ["REPLICA_PORT"])
SCRIPT = os.environ["CLUSTER_SCRIPT"]
BUYERS = int(os.environ.get("CLUSTER_TEST_BUYERS", "4"))
LIMITED_STOCK = 12
ORDERS_PER_PHASE_STEP = 12
SIGTERM_PHASE = "node B stopped with SIGTERM (drained) and restarted"
DEADLINE = time.monotonic() + int(os.environ.get("CLUSTER_TEST_SECONDS", "300"))
RUN = uuid.uuid4().hex[:8]
ADDRESS = {"name": "集群测试", "phone": "139 1234 5678", "province": "浙江省", "city": "杭州市", "district": "西湖区",
           "street": "文三路 90 号"}


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


class Session:
    """Cookies of one client, sent to one port with the demo store's host name."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, timeout=30, raw=False):
        """(status, parsed JSON or text, or bytes when raw); status 0 when the connection failed (refused, reset, timed out).
        A body of bytes is sent as it is (with its Content-Type in headers), anything else as JSON."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = {"Host": f"demo.localhost:{self.port}", "X-Requested-With": "XMLHttpRequest", "Connection": "close"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if isinstance(body, bytes):
            data = body
        elif body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        try:
            conn.request(method, path, body=data, headers=h)
            response = conn.getresponse()
            content = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    k, _, v = value.split(";")[0].partition("=")
                    self.cookies[k.strip()] = v
            if raw:
                return response.status, content
            text = content.decode("utf-8", "replace")
            try:
                return response.status, json.loads(text) if text else None
            except ValueError:
                return response.status, text
        except (OSError, http.client.HTTPException):
            return 0, None
        finally:
            conn.close()


def psql(port, sql):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "storefront_owner", "-d", "storefront", "-XtAc", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def price_and_sign_in():
    merchant = Session(NODE_A)
    status, _ = merchant.request("POST", "/api/v1/admin/login", {"email": "owner@demo.local", "password": "storefront-demo"})
    check(status == 200, f"staff sign-in through node A answered {status}")
    code = f"CLUSTER-PRICE-{RUN}"
    status, created = merchant.request("POST", "/api/v1/admin/catalog/products",
                                       {"name": f"集群价格杯 {RUN}", "price": 10, "stock": 5, "skuCode": code, "list": True})
    check(status in (200, 201), f"creating a product through node A answered {status}: {created}")
    slug, product_id = created["slug"], created["productId"]
    b = Session(NODE_B)
    status, page = b.request("GET", f"/p/{slug}")
    check(status == 200 and "10.00" in page, f"node B's product page answered {status} without the price 10.00")
    status, updated = merchant.request("PUT", f"/api/v1/admin/catalog/products/{product_id}",
                                       {"id": product_id, "name": f"集群价格杯 {RUN}", "slug": slug,
                                        "skus": [{"code": code, "price": 123.45, "stock": 5}]})
    check(status == 200, f"changing the price through node A answered {status}: {updated}")
    changed = time.monotonic()
    tries = 0
    while True:
        tries += 1
        _, page = b.request("GET", f"/p/{slug}")
        if isinstance(page, str) and "123.45" in page:
            break
        check(time.monotonic() - changed < 5, "node B still showed the old price 5 s after node A changed it")
        time.sleep(0.05)   # polling: node B hears the change by NOTIFY
    print(f"price changed through node A: shown by node B on request {tries} after the change "
          f"({(time.monotonic() - changed) * 1000:.0f} ms)")

    shopper = Session(NODE_A)
    status, _ = shopper.request("POST", "/api/v1/account/login", {"email": "shopper@demo.local", "password": "storefront-demo"})
    check(status == 200, f"shopper sign-in through node A answered {status}")
    shopper.port = NODE_B
    status, me = shopper.request("GET", "/api/v1/account/me")
    check(status == 200 and "shopper@demo.local" in json.dumps(me), f"node B answered {status} for node A's sign-in cookie")
    print("signed in through node A, continued through node B: /api/v1/account/me answered 200")


def media_and_replica_reads():
    merchant = Session(NODE_A)
    status, _ = merchant.request("POST", "/api/v1/admin/login", {"email": "owner@demo.local", "password": "storefront-demo"})
    check(status == 200, f"staff sign-in through node A answered {status}")
    # A PNG as far as the store can tell (its signature), unique to this run.
    image = b"\x89PNG\r\n\x1a\n" + RUN.encode() * 64
    boundary = f"cluster{RUN}"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cluster.png\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + image + f"\r\n--{boundary}--\r\n".encode()
    status, uploaded = merchant.request("POST", "/api/v1/admin/media", form, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    check(status == 200, f"uploading an image through node A answered {status}: {uploaded}")
    for port, where in ((NODE_B, "node B"), (NGINX, "nginx")):
        status, served = Session(port).request("GET", uploaded["url"], raw=True)
        check(status == 200 and served == image, f"the image uploaded through node A: {where} answered {status}")
    print(f"image uploaded through node A: served by node B and through nginx ({len(image)} bytes, from PostgreSQL)")

    for port, name in ((NODE_A, "A"), (NODE_B, "B")):
        status, health = Session(port).request("GET", "/health/ready")
        replica = (health or {}).get("checks", {}).get("read-replica", {}) if isinstance(health, dict) else {}
        check(status == 200 and replica.get("data", {}).get("inReads") is True,
              f"node {name}: /health/ready answered {status} without the replica in its reads: {replica}")
    # Rows the replica returned to clients: the catalogue pages through nginx add to them once the store's window on the
    # primary after its last catalogue change has passed (15 s); statistics reach pg_stat_database within a few seconds.
    def replica_rows():
        return int(psql(REPLICA, "select tup_returned + tup_fetched from pg_stat_database where datname = 'storefront'"))
    before, t = replica_rows(), time.monotonic()
    shopper = Session(NGINX)
    while replica_rows() - before < 100:
        check(time.monotonic() - t < 60, "the catalogue's pages through nginx were not read from the replica within 60 s")
        for path in ("/", "/search?q=%E6%9D%AF"):
            shopper.request("GET", path)
        time.sleep(0.5)   # polling the replica's statistics
    print(f"read replica: in both nodes' reads; the catalogue read {replica_rows() - before} rows from it "
          f"({time.monotonic() - t:.1f} s after the check began)")


class Load:
    """Buyers placing orders through nginx until told to stop; every attempt counted in the phase it started in."""

    def __init__(self, plenty, limited):
        self.plenty, self.limited = plenty, limited
        self.phase = "steady"
        self.attempts, self.errors = {}, {}
        self.answered = {}   # idempotency key -> set of order numbers answered
        self.created = self.refused = self.again = self.gave_up = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.failure = None

    def count(self, status):
        with self.lock:
            self.attempts[self.phase] = self.attempts.get(self.phase, 0) + 1
            if status == 0 or status >= 500:
                self.errors[self.phase] = self.errors.get(self.phase, 0) + 1

    def retrying(self, call):
        """Calls until the answer is neither a transport error nor a 5xx (bounded by the deadline)."""
        while True:
            status, body = call()
            self.count(status)
            if status != 0 and status < 500:
                return status, body
            if time.monotonic() > DEADLINE:
                return status, body
            time.sleep(0.2)   # back off before retrying, as a client would

    def ensure_one_in_cart(self, s, code):
        status, added = self.retrying(lambda: s.request("POST", "/api/v1/cart/lines", {"skuCode": code, "quantity": 1}))
        if code == self.limited and 400 <= status < 500:
            return None   # sold out: the cart refuses it
        check(status in (200, 201), f"adding {code} to the cart answered {status}: {added}")
        line = next((l for l in added["lines"] if l["skuCode"] == code), None)
        check(line is not None, f"{code} is not in the cart after adding it: {added}")
        if line["quantity"] != 1:   # an add that was retried after its answer was lost
            self.retrying(lambda: s.request("PATCH", f"/api/v1/cart/lines/{line['skuId']}", {"quantity": 1}))
        return line["skuId"]

    def buyer(self, n):
        try:
            s = Session(NGINX)
            email = f"cluster-{RUN}-{n}@example.com"
            status, body = self.retrying(lambda: s.request("POST", "/api/v1/account/register", {
                "email": email, "password": "Cluster-test-2026", "displayName": f"买家{n}", "acceptPrivacyPolicy": True}))
            check(status in (200, 201), f"registering {email} answered {status}: {body}")
            status, body = self.retrying(lambda: s.request("POST", "/api/v1/account/login", {"email": email, "password": "Cluster-test-2026"}))
            check(status == 200, f"signing in {email} answered {status}: {body}")
            k = 0
            while not self.stop.is_set() and time.monotonic() < DEADLINE:
                code = self.limited if k % 3 == 0 else self.plenty
                sku_id = self.ensure_one_in_cart(s, code)
                if sku_id is None:
                    with self.lock:
                        self.refused += 1
                    k += 1
                    continue
                key = f"{RUN}-{n}-{k}"
                status, order = self.retrying(lambda: s.request("POST", "/api/v1/orders", {"address": ADDRESS}, {"Idempotency-Key": key}))
                if status in (200, 201):
                    with self.lock:
                        self.answered.setdefault(key, set()).add(order["number"])
                        if status == 201:
                            self.created += 1
                        else:
                            self.again += 1
                elif status == 409 and code == self.limited:
                    with self.lock:
                        self.refused += 1
                    self.retrying(lambda: s.request("DELETE", f"/api/v1/cart/lines/{sku_id}"))
                elif status == 0 or status >= 500:
                    with self.lock:
                        self.gave_up += 1
                    return
                else:
                    raise Failed(f"placing order {key} answered {status}: {order}")
                k += 1
        except Failed as e:
            self.failure = str(e)
        except Exception as e:  # noqa: BLE001 - reported as the test's failure
            self.failure = f"buyer {n}: {e!r}"

    def orders(self):
        with self.lock:
            return len(self.answered)

    def wait_orders(self, more):
        target = self.orders() + more
        while self.orders() < target:
            check(self.failure is None, self.failure or "")
            check(time.monotonic() < DEADLINE, f"orders stopped coming: {self.orders()} of {target} within the time allowed")
            time.sleep(0.1)   # polling the buyers' progress


def node(action, name, signal=""):
    t = time.monotonic()
    subprocess.run(["bash", SCRIPT, action, name] + ([signal] if signal else []), check=True, capture_output=True, text=True)
    return time.monotonic() - t


def orders_under_failures():
    merchant = Session(NGINX)
    status, _ = merchant.request("POST", "/api/v1/admin/login", {"email": "owner@demo.local", "password": "storefront-demo"})
    check(status == 200, f"staff sign-in through nginx answered {status}")
    codes = {}
    for name, stock in (("plenty", 1000000), ("limited", LIMITED_STOCK)):
        codes[name] = f"CLUSTER-{name.upper()}-{RUN}"
        status, body = merchant.request("POST", "/api/v1/admin/catalog/products",
                                        {"name": f"集群{name} {RUN}", "price": 9.9, "stock": stock, "skuCode": codes[name], "list": True})
        check(status in (200, 201), f"creating the {name} product answered {status}: {body}")

    load = Load(codes["plenty"], codes["limited"])
    threads = [threading.Thread(target=load.buyer, args=(n,), daemon=True) for n in range(BUYERS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    load.wait_orders(ORDERS_PER_PHASE_STEP)
    load.phase = "node A killed (kill -9) and restarted"
    node("node-stop", "A", "KILL")
    load.wait_orders(ORDERS_PER_PHASE_STEP)   # served by node B alone
    restart_a = node("node-start", "A")
    load.wait_orders(ORDERS_PER_PHASE_STEP)
    load.phase = SIGTERM_PHASE
    drain_b = node("node-stop", "B", "TERM")
    load.wait_orders(ORDERS_PER_PHASE_STEP)
    restart_b = node("node-start", "B")
    load.wait_orders(ORDERS_PER_PHASE_STEP)
    load.phase = "steady"
    load.wait_orders(ORDERS_PER_PHASE_STEP)
    load.stop.set()
    for t in threads:
        t.join(60)
    elapsed = time.monotonic() - started
    check(load.failure is None, load.failure or "")
    check(load.gave_up == 0, f"{load.gave_up} orders were given up after errors until the deadline")

    print(f"orders: {len(load.answered)} answered in {elapsed:.0f} s by {BUYERS} buyers through nginx ({load.created} created, "
          f"{load.again} answered again after a retry, {load.refused} refused as sold out)")
    print(f"node A restarted in {restart_a:.1f} s; node B drained and exited in {drain_b:.1f} s, restarted in {restart_b:.1f} s")
    for phase, attempts in load.attempts.items():
        errors = load.errors.get(phase, 0)
        print(f"error rate, {phase}: {errors} of {attempts} requests ({100 * errors / attempts:.1f} %) failed or answered 5xx, then retried")
    drained = load.errors.get(SIGTERM_PHASE, 0)
    check(drained == 0, f"{drained} requests failed while node B drained and restarted: a node stopped with SIGTERM must fail none")

    rows = psql(PRIMARY, f"select idempotency_key || ' ' || number from orders where idempotency_key like '{RUN}-%'").splitlines()
    in_db = {}
    for row in rows:
        key, number = row.split(" ")
        in_db.setdefault(key, []).append(number)
    doubled = {k: v for k, v in in_db.items() if len(v) > 1}
    check(not doubled, f"orders doubled: {doubled}")
    twice = {k: v for k, v in load.answered.items() if len(v) > 1}
    check(not twice, f"one key answered with two order numbers: {twice}")
    lost = [k for k, v in load.answered.items() if in_db.get(k) != sorted(v)]
    check(not lost, f"orders answered but not in the database as answered: {lost}")
    unanswered = sorted(set(in_db) - set(load.answered))
    check(not unanswered, f"orders in the database that no client was told of: {unanswered}")

    for name in ("plenty", "limited"):
        on_hand, reserved, ordered = psql(PRIMARY, f"""
            select s.on_hand || ' ' || s.reserved || ' ' || coalesce((select sum(l.quantity) from order_lines l
              where l.tenant_id = s.tenant_id and l.sku_id = s.id), 0)
            from skus s where s.code = '{codes[name]}'""").split(" ")
        check(int(reserved) == int(ordered), f"{name} SKU: {reserved} reserved but {ordered} ordered")
        check(int(reserved) <= int(on_hand), f"{name} SKU oversold: {reserved} reserved of {on_hand}")
    limited_orders = int(psql(PRIMARY, f"""select coalesce(sum(l.quantity), 0) from order_lines l join skus s on s.tenant_id = l.tenant_id
        and s.id = l.sku_id where s.code = '{codes['limited']}'"""))
    check(limited_orders == LIMITED_STOCK and load.refused > 0,
          f"the limited SKU sold {limited_orders} of {LIMITED_STOCK} with {load.refused} refusals: the rush did not reach its limit")
    print(f"no order lost, none doubled ({len(in_db)} orders, one per key); limited SKU: {limited_orders} sold of "
          f"{LIMITED_STOCK}, {load.refused} refused, none oversold")

    t = time.monotonic()
    while psql(REPLICA, f"select count(*) from orders where idempotency_key like '{RUN}-%'") != str(len(in_db)):
        check(time.monotonic() - t < 30, "the replica did not replay the orders within 30 s")
        time.sleep(0.2)   # polling the replica's replay
    print(f"replica: all {len(in_db)} orders replayed ({(time.monotonic() - t) * 1000:.0f} ms after the check began)")


def main():
    try:
        price_and_sign_in()
        media_and_replica_reads()
        orders_under_failures()
    except Failed as e:
        print(f"cluster test: FAILED: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
