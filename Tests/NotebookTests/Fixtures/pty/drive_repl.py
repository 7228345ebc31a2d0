#!/usr/bin/env python3
"""Types into the real `secateur` binary through a pseudo-terminal and checks what happened.

usage: drive_repl.py SECATEUR WORKDIR

WORKDIR must hold docs.jsonl (three documents) and big.jsonl (large enough that `text` runs for
a while). Exits 0 when every check passed; otherwise prints the failed check and the transcript.
"""
import os
import pty
import re
import select
import signal
import sqlite3
import sys
import time

binary, workdir = sys.argv[1], sys.argv[2]
db_path = os.path.join(workdir, "pty.db")
history_path = os.path.join(workdir, "history")
environment = dict(os.environ, TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8", HOME=workdir,
                   SECATEUR_HISTORY=history_path)
environment.pop("SECATEUR_DB", None)

pid, fd = pty.fork()
if pid == 0:
    os.chdir(workdir)
    os.execve(binary, [binary, "--db", "pty.db"], environment)

transcript = b""
mark = 0
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x07\x08]")


def fail(message):
    print("FAILED: " + message)
    print("---- transcript ----")
    print(transcript.decode("utf-8", errors="replace"))
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    sys.exit(1)


def pump(seconds):
    global transcript
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            transcript += chunk
    return True


def expect(pattern, timeout=60):
    """Waits until `pattern` (a regex) appears in the output after the previous match; returns the text
    from the previous match to the end of this one (escape sequences removed)."""
    global mark
    end = time.time() + timeout
    while True:
        text = ANSI.sub("", transcript.decode("utf-8", errors="replace"))
        found = re.compile(pattern, re.MULTILINE).search(text, mark)
        if found:
            seen = text[mark:found.end()]
            mark = found.end()
            return seen
        if time.time() > end:
            fail("did not see %r within %ss" % (pattern, timeout))
        if not pump(0.1) and time.time() > end:
            fail("output closed before %r" % pattern)


def send(keys):
    os.write(fd, keys.encode("utf-8"))


def query(sql):
    connection = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True, timeout=10)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def wait_for_running(verb, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if query("SELECT count(*) FROM cells WHERE status = 'running' AND verb = '%s'" % verb)[0][0] > 0:
            return
        pump(0.05)
    fail("no running %s cell appeared" % verb)


PROMPT = r"secateur> $"

expect(PROMPT)

# Tab completion of a verb (after an assignment), then a file path.
send("wiki = te\t")
send("docs.js\t")
send("\r")
expect(r"wiki: text, 3 documents")
expect(PROMPT)

# Tab completion of a verb, an object name and a key.
send("sh\twi\tpre\t0\r")
expect(r"made by")
expect(PROMPT)

# Editing: a typo fixed with backspace, a left-arrow insertion, Ctrl-A to go home and type the start.
send("SELECT 2*3 AS sx\x1b[Di")
send("x\x7f")
send("\x01.sql ")
send("\r")
expect(r"six\s+-+\s+6")
expect(PROMPT)

# History recall with the up arrow runs the same command again.
send("\x1b[A\r")
expect(r"six\s+-+\s+6")
expect(PROMPT)

# UTF-8 input arrives intact.
send(".sql SELECT 'héllo ✂' AS s, length('héllo ✂') AS n\r")
expect(r"héllo ✂\s+7")
expect(PROMPT)

# Ctrl-C at the prompt drops the line and the session goes on.
send("this line is dropped")
expect(r"this line is dropped")  # the line editor has the text (under load it may lag behind the keys)
send("\x03")
expect(r"\^C")
send(".sql SELECT 'after' AS x\r")
expect(r"after")
expect(PROMPT)

# Ctrl-R searches the history.
send("\x12h\xc3\xa9l")
pump(0.5)
send("\r")
expect(r"héllo ✂\s+7")
expect(PROMPT)

# Ctrl-C during a running query cancels it; the cell is recorded interrupted.
send(".sql WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c\r")
wait_for_running(".sql")
pump(0.3)
send("\x03")
expect(r"interrupted")
expect(PROMPT)

# Ctrl-C during a long verb: interrupted, and no name is bound.
send("big = text big.jsonl\r")
wait_for_running("text")
send("\x03")
expect(r"interrupted: nothing was bound")
expect(PROMPT)
send(".objects\r")
listing = expect(PROMPT)
if "big" in listing or "wiki" not in listing:
    fail(".objects after the interrupt should list wiki and not big: %r" % listing)

# A continuation line gets its own prompt.
send(".sql SELECT 40 + \\\r")
expect(r"\.\.\.> $")
send("2 AS answer\r")
expect(r"answer\s+-+\s+42")
expect(PROMPT)

# Ctrl-D leaves with status 0.
send("\x04")
pump(2)
_, status = os.waitpid(pid, 0)
if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
    fail("exit status %r" % status)

cells = query("SELECT source, status FROM cells ORDER BY id")
expected = [
    ("wiki = text docs.jsonl", "ok"),
    ("show wiki preview=0", "ok"),
    (".sql SELECT 2*3 AS six", "ok"),
    (".sql SELECT 2*3 AS six", "ok"),
    (".sql SELECT 'héllo ✂' AS s, length('héllo ✂') AS n", "ok"),
    (".sql SELECT 'after' AS x", "ok"),
    (".sql SELECT 'héllo ✂' AS s, length('héllo ✂') AS n", "ok"),
    (".sql WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c", "interrupted"),
    ("big = text big.jsonl", "interrupted"),
    (".sql SELECT 40 +  2 AS answer", "ok"),
]
if cells != expected:
    fail("cells in the store:\n%r\nexpected:\n%r" % (cells, expected))
if query("SELECT count(*) FROM objects WHERE name = 'big'")[0][0] != 0:
    fail("an interrupted command left an object")
with open(history_path, encoding="utf-8") as history:
    saved = history.read()
if "docs.jsonl" not in saved or "h\\303\\251llo" not in saved and "héllo" not in saved:
    fail("history file lacks the typed lines: %r" % saved)
print("ok")
