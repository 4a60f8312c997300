import io

from alliances.lib.progress import Progress


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_rate_and_eta_with_a_known_total():
    clock = FakeClock()
    out = io.StringIO()
    progress = Progress("Communes", total=1000, stream=out, clock=clock, interval=0)
    clock.now += 2
    progress.advance(500)
    assert progress.rate == 250
    assert progress.eta() == 2
    assert "Communes: 500 / 1 000 rows · 250 rows/s · ETA 0:00:02" in out.getvalue()


def test_eta_from_the_share_of_the_file_read():
    clock = FakeClock()
    out = io.StringIO()
    progress = Progress("RNA", stream=out, clock=clock, interval=0)
    clock.now += 10
    progress.advance(20_000, fraction=0.25)
    assert progress.eta() == 30
    assert "RNA: 20 000 (25%) rows · 2 000 rows/s · ETA 0:00:30" in out.getvalue()


def test_lines_are_written_at_most_once_per_interval():
    clock = FakeClock()
    out = io.StringIO()
    progress = Progress("RNA", stream=out, clock=clock, interval=1)
    clock.now += 1
    for _ in range(100):
        progress.advance()
    progress.finish()
    assert len(out.getvalue().splitlines()) == 2
