"""The web pages in the benchmarks: signs a coordinator in through a one-time link (as a browser
does: the link's page, its form with the CSRF token, the session cookie), and measures how soon
a check-in made at one desk shows on another desk's live counter.
usage: web.py session BINARY DB PORT EMAIL            -> prints "Cookie: ..." for wrk
       web.py propagation PORT MEETING COOKIE COOKIE2 PERSON_ID... -> prints "p50_ms max_ms n"
"""
import http.client
import json
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse


def request(port, method, path, headers=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, r.getheader("Set-Cookie") or "", data.decode("utf-8", "replace")


def session(binary, db, port, email):
    base = f"http://127.0.0.1:{port}"
    link = subprocess.check_output([binary, "login-link", "--db", db, "--email", email, "--public-url", base],
                                   text=True).strip().splitlines()[-1]
    path = urllib.parse.urlsplit(link).path
    status, cookie, page = request(port, "GET", path)
    csrf_cookie = cookie.split(";")[0]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    status, cookie, _ = request(port, "POST", path, {
        "Cookie": csrf_cookie, "Origin": base, "Content-Type": "application/x-www-form-urlencoded"},
        urllib.parse.urlencode({"csrf": csrf}))
    assert status == 303, status
    cookies = "; ".join([csrf_cookie, cookie.split(";")[0]])
    _, _, page = request(port, "GET", "/", {"Cookie": cookies})  # a signed-in page's forms carry the session's token
    return cookies, re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def propagation(port, meeting, desk_a, desk_b, people):
    """Desk A checks in each person (the desk's form); desk B polls desk.json as fast as it can;
    the time from A's answer to B's first answer that lists the person."""
    cookie_a, csrf_a = desk_a
    base = f"http://127.0.0.1:{port}"
    delays = []
    for person in people:
        status, _, _ = request(port, "POST", f"/meetings/{meeting}/desk", {
            "Cookie": cookie_a, "Origin": base, "Content-Type": "application/x-www-form-urlencoded"},
            urllib.parse.urlencode({"csrf": csrf_a, "person_id": person, "do": "in"}))
        assert status == 303, status
        done = time.monotonic()
        while True:
            status, _, body = request(port, "GET", f"/meetings/{meeting}/desk.json", {"Cookie": desk_b})
            if status == 200 and int(person) in json.loads(body)["present"]:
                delays.append((time.monotonic() - done) * 1000)
                break
            if time.monotonic() - done > 5:
                delays.append(5000)
                break
    return statistics.median(delays), max(delays), len(delays)


if __name__ == "__main__":
    if sys.argv[1] == "session":
        cookie, csrf = session(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
        print(f"Cookie: {cookie}\t{csrf}")
    elif sys.argv[1] == "propagation":
        port, meeting = int(sys.argv[2]), sys.argv[3]
        a_cookie, a_csrf = sys.argv[4].split("\t")
        b_cookie = sys.argv[5].split("\t")[0]
        p50, worst, n = propagation(port, meeting, (a_cookie.removeprefix("Cookie: "), a_csrf),
                                    b_cookie.removeprefix("Cookie: "), sys.argv[6:])
        print(f"{p50:.1f} {worst:.1f} {n}")
