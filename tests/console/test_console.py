"""The console chat as a new user meets it: numbered buttons that mean what they show, and Ctrl-C."""

from __future__ import annotations

import io
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adapters.console.chat import ConsoleSession, run_console
from bot.advisor import Advisor
from bot.store import SQLiteStore
from bot.store.memory import MemoryStore
from bot.types import ConversationKey

ROOT = Path(__file__).resolve().parents[2]
KEY = ConversationKey("console", "local", "", "tester")


@pytest.fixture
def session(knowledge) -> ConsoleSession:
    return ConsoleSession(Advisor(knowledge, MemoryStore()), KEY)


async def test_a_number_that_is_no_button_says_so_and_shows_the_buttons_again(session: ConsoleSession) -> None:
    shown = await session.send("hi")
    assert "[3]" in shown and "[4]" not in shown
    turns = (await session.advisor.state(KEY)).turns
    again = await session.send("7")
    assert "no option 7" in again and "[1] What is social media?" in again, again
    assert (await session.advisor.state(KEY)).turns == turns, "nothing was sent to the advisor"
    await session.send("1")
    assert (await session.advisor.state(KEY)).last_topic == "definition", "[1] still presses its button"


@pytest.mark.parametrize("number", ["1", "7", "12"])
async def test_a_bare_number_with_no_buttons_is_not_taken_for_a_question(session: ConsoleSession,
                                                                         number: str) -> None:
    reply = await session.send(number)
    assert f"no option {number}" in reply, reply
    state = await session.advisor.state(KEY)
    assert state.last_topic is None and state.turns == 0


async def test_the_steps_numbers_stay_the_same_after_a_question_on_the_side(session: ConsoleSession) -> None:
    first = await session.send("/platforms")
    await session.send("leads")
    step = await session.send("b2b")
    assert "[3] 25-34" in step
    aside = await session.send("wait, what is a persona?")
    assert "[3] 25-34" in aside, aside
    pressed = await session.send("3")
    assert "Selected: 25-34" in pressed, pressed
    assert "[1] Visibility" in first


async def test_at_the_hours_step_the_options_are_text_not_numbers(session: ConsoleSession) -> None:
    for line in ("/platforms", "leads", "b2b", "35-54"):
        await session.send(line)
    hours = await session.send("articles")
    assert "5/5" in hours
    assert "[" not in hours.split("5/5", 1)[1], hours
    assert "type a number" in hours.lower() and "back" in hours and "cancel" in hours, hours
    done = await session.send("5")
    assert "for your 5 h a week" in done
    again = await session.send("start over")
    assert "[1] Visibility" in again, "the buttons are numbered again once numbers mean buttons"


async def test_numbers_press_again_after_back_at_the_hours_step(session: ConsoleSession) -> None:
    for line in ("/platforms", "leads", "b2b", "35-54", "articles"):
        await session.send(line)
    back = await session.send("back")
    assert "4/5" in back and "[1] Short videos" in back


async def test_after_a_restart_the_current_buttons_are_shown_again(knowledge, tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.db")
    first = io.StringIO("what is the 90/9/1 rule?\n/quit\n")
    await run_console(Advisor(knowledge, store), first, io.StringIO(), key=KEY)
    out = io.StringIO()
    await run_console(Advisor(knowledge, store), io.StringIO("2\n"), out, key=KEY)
    text = out.getvalue()
    assert "[2] Your community on social media" in text.split("advisor>", 2)[1], text
    assert (await Advisor(knowledge, store).state(KEY)).last_topic == "community"
    await store.close()


# -- 8. Ctrl-C ---------------------------------------------------------------------------------------

def _in_pty(argv: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[int, bytes, float]:
    """Run `argv` on a pseudo-terminal, press Ctrl-C at the prompt; returns exit code, output and the
    seconds from Ctrl-C to exit."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(cwd)
        os.execvpe(argv[0], argv, env)
    out = b""
    deadline = time.monotonic() + 60
    while b"you> " not in out and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.5)[0]:
            try:
                out += os.read(fd, 4096)
            except OSError:
                break
    assert b"you> " in out, out
    pressed = time.monotonic()
    os.write(fd, b"\x03")
    while True:
        if not select.select([fd], [], [], 30)[0]:
            os.kill(pid, signal.SIGKILL)
            break
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out, time.monotonic() - pressed


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "ADVISOR_STORE": "memory://", "XDG_STATE_HOME": str(tmp_path)}


def test_ctrl_c_at_the_prompt_leaves_at_once(tmp_path: Path) -> None:
    code, out, seconds = _in_pty([sys.executable, "-m", "adapters.console", "chat"], _env(tmp_path))
    assert code == 0, out
    assert b"Bye!" in out and b"Traceback" not in out and b"KeyboardInterrupt" not in out, out
    assert seconds < 3, "it left without waiting for Enter"


@pytest.mark.skipif(shutil.which("make") is None or not (ROOT / ".venv" / "bin" / "advisor").exists(),
                    reason="needs make and the project's .venv")
def test_ctrl_c_in_make_chat_is_not_an_error(tmp_path: Path) -> None:
    code, out, seconds = _in_pty(["make", "-s", "chat"], _env(tmp_path))
    assert code == 0, out
    assert b"Bye!" in out and b"Error 130" not in out and b"Interrupt" not in out, out
    assert seconds < 3


def test_the_terminal_is_given_back_to_make_after_ctrl_c(tmp_path: Path) -> None:
    """After the chat leaves, the shell's process group owns the terminal again (stty still works)."""
    script = f"{sys.executable} -m adapters.console chat; stty sane && echo terminal-ok"
    code, out, _ = _in_pty(["sh", "-c", script], _env(tmp_path))
    assert code == 0 and b"terminal-ok" in out, out


def test_eof_still_leaves(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "adapters.console", "chat"], input="hi\n", capture_output=True,
                            text=True, timeout=60, env=_env(tmp_path), cwd=ROOT)
    assert result.returncode == 0 and "Bye!" in result.stdout
