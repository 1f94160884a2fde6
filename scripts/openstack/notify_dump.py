#!/usr/bin/python3
"""Drain Glance notifications (needs python3-kombu: OSL_RABBIT=1 up.sh installs it) from RabbitMQ (queue notifications.info by default) and print them.

usage: /usr/bin/python3 scripts/openstack/notify_dump.py [--url amqp://openstack:rabbit-secret@127.0.0.1:5672//] [--queue notifications.info]
                      [--wait SECONDS] [--raw]
oslo.messaging (driver messagingv2) publishes to topic exchange "glance" with routing key
"notifications.<priority>" and declares a durable-less queue of the same name. Each AMQP body
is the oslo envelope {"oslo.version": "2.0", "oslo.message": "<JSON string>"}; --raw prints it as is.
"""
import argparse
import json
import time

import kombu

ap = argparse.ArgumentParser()
ap.add_argument("--url", default="amqp://openstack:rabbit-secret@127.0.0.1:5672//")
ap.add_argument("--queue", default="notifications.info")
ap.add_argument("--wait", type=float, default=5.0)
ap.add_argument("--raw", action="store_true")
ap.add_argument("--exchange", default="glance")
a = ap.parse_args()

with kombu.Connection(a.url) as conn:
    ch = conn.channel()
    # Declare exactly as oslo.messaging 14 does (durable=False, auto_delete=False), so that
    # both sides agree and messages published before the first consumer are kept.
    ex = kombu.Exchange(a.exchange, type="topic", durable=False, auto_delete=False)
    q = kombu.Queue(a.queue, exchange=ex, routing_key=a.queue, durable=False,
                    auto_delete=False, channel=ch)
    q.declare()
    deadline, n = time.time() + a.wait, 0
    while time.time() < deadline:
        m = q.get(no_ack=False)
        if m is None:
            time.sleep(0.1)
            continue
        body = m.body if isinstance(m.body, str) else m.body.decode()
        env = json.loads(body)
        if a.raw:
            print(json.dumps(env, indent=2))
        else:
            msg = json.loads(env["oslo.message"])
            p = msg.get("payload", {})
            print(json.dumps({"event_type": msg["event_type"], "publisher_id": msg["publisher_id"],
                              "timestamp": msg["timestamp"], "priority": msg["priority"],
                              "message_id": msg["message_id"],
                              "payload.id": p.get("id"), "payload.name": p.get("name"),
                              "payload.status": p.get("status")}))
        m.ack()
        n += 1
        deadline = time.time() + 1.0  # keep draining while messages flow
    print(f"# {n} message(s) from {a.queue}")
