"""Helpers the recorded programs share: capturing TF's log lines, digesting event files."""

import contextlib
import logging
import re


class _Log(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())

    def messages(self, workdir):
        """The log lines the training loop writes, with times and the work directory taken out."""
        keep = ("Saving checkpoints", "loss", "step", "Model diverged", "Graph was finalized",
                "Calling checkpoint listeners", "sec)", "Create CheckpointSaverHook", "local_init_op",
                "v is", "double", "timeline", "Waiting", "checkpoint to path")
        out = []
        for text in self.records:
            if not any(k in text for k in keep) or "has not been increased" in text:
                continue  # (TF warns about a stale global-step read when its threads race)
            text = text.replace(workdir, "<dir>")
            text = re.sub(r"\(\d+\.\d+ sec\)", "(<t> sec)", text)
            text = re.sub(r"global_step/sec: \S+", "global_step/sec: <rate>", text)
            out.append(text)
        return out


@contextlib.contextmanager
def capture_log(name):
    logger = logging.getLogger(name)
    handler = _Log()
    old = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def event_digest(tf, path):
    """Each event of an event file as [step, what, detail]: the summary tags, the session log status."""
    out = []
    for event in tf.train.summary_iterator(path):
        kind = event.WhichOneof("what")
        if kind == "summary":
            detail = sorted(v.tag for v in event.summary.value)
        elif kind == "session_log":
            detail = [int(event.session_log.status), bool(event.session_log.checkpoint_path)]
        elif kind == "file_version":
            detail = event.file_version
        elif kind == "tagged_run_metadata":
            detail = event.tagged_run_metadata.tag
        else:
            detail = None
        out.append([int(event.step), kind, detail])
    return out
