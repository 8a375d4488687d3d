"""Encoding a clip's frames (frames.py) as H.264 MP4 or animated WebP, byte for byte the same
for the same frames.

The encoder is PyAV's wheel (`av` on PyPI): FFmpeg 8's libraries are inside it, so nothing
comes from the system. PyAV's own code is BSD-3-Clause; the wheel's FFmpeg reports itself as
LGPL-3.0-or-later but is linked with libx264 (GPL-2.0-or-later), so the wheel as a whole is
under the GPL's terms when redistributed. cfpgraphics only depends on it (it is installed from
PyPI, never bundled), and running it puts no licence on the clips it writes. libx264 is used
because it is the H.264 encoder the wheel has (no libopenh264 in it) and every platform plays
its output; `h264` FFmpeg-native is a decoder only.

Determinism: two x264 frame threads, always two (x264's output depends on the thread count,
never on timing: it is deterministic unless told `--non-deterministic`), fixed settings, FFmpeg's `bitexact` flags (no encoder version string), no creation time, and frames
timed by their index alone. MP4s get `+faststart` (the index first, so a feed plays it while
it loads); FFmpeg writes that in a second pass over a file, so the MP4 is written to a
temporary file and read back.
"""
from __future__ import annotations

import os
import tempfile
import time
from fractions import Fraction

import numpy as np

MP4_OPTIONS = {  # libx264: a still-heavy motion graphic, sharp type, small files
    "preset": "veryfast",
    "crf": "18",
    "tune": "animation",
    "profile": "high",
    "x264-params": "keyint=60:min-keyint=30:scenecut=0:bframes=2:threads=2:sliced-threads=0:lookahead-threads=1",
}
WEBP_FPS = 15  # animated WebP: half the MP4's rate (every other frame), for size and time
WEBP_OPTIONS = {"lossless": "0", "quality": "85", "compression_level": "4", "preset": "drawing"}


class Yuv420:
    """The frame as yuv420p (BT.709, limited range: what the stream is tagged with), kept
    between frames: only the rectangle a frame changed is converted again (frames.py says
    which), and a frame that changed nothing is the same picture."""

    def __init__(self, width: int, height: int):
        self.w, self.h = width, height
        self.planes = np.zeros((height * 3 // 2, width), np.uint8)
        self.y = self.planes[:height]
        q = height // 4
        self.u = self.planes[height:height + q].reshape(height // 2, width // 2)
        self.v = self.planes[height + q:].reshape(height // 2, width // 2)

    def update(self, rgb: np.ndarray, dirty: tuple | None) -> None:
        if dirty is None:
            return
        x0, y0, x1, y1 = dirty
        x0, y0 = max(0, x0) & ~1, max(0, y0) & ~1
        x1, y1 = min(self.w, (x1 + 1) & ~1), min(self.h, (y1 + 1) & ~1)
        if x0 >= x1 or y0 >= y1:
            return
        part = rgb[y0:y1, x0:x1].astype(np.float32)
        r, g, b = part[..., 0], part[..., 1], part[..., 2]
        luma = 0.2126 * r + 0.7152 * g + 0.0722 * b
        self.y[y0:y1, x0:x1] = np.clip(16 + luma * (219 / 255) + 0.5, 0, 255).astype(np.uint8)
        # chroma of each 2x2 block's mean colour
        mean = part[0::2, 0::2] + part[1::2, 0::2] + part[0::2, 1::2] + part[1::2, 1::2]
        mr, mg, mb = mean[..., 0] * 0.25, mean[..., 1] * 0.25, mean[..., 2] * 0.25
        ml = 0.2126 * mr + 0.7152 * mg + 0.0722 * mb
        at = (slice(y0 // 2, y1 // 2), slice(x0 // 2, x1 // 2))
        self.u[at] = np.clip(128 + (mb - ml) * (224 / 255 / 1.8556) + 0.5, 0, 255).astype(np.uint8)
        self.v[at] = np.clip(128 + (mr - ml) * (224 / 255 / 1.5748) + 0.5, 0, 255).astype(np.uint8)


class EncodeTimer:
    """Seconds spent encoding (the benchmark's split)."""

    def __init__(self) -> None:
        self.seconds = 0.0


def scratch_file(folder: str | None) -> str:
    """A temporary file for the encoder, in `folder` (the clip's own output folder, so a full
    disk there is met while encoding, and a file a killed build leaves is hidden and swept by
    the next build like any `.*.tmp`); the system's temp folder when None."""
    fd, path = tempfile.mkstemp(prefix=".cfpgraphics-clip-", suffix=".tmp", dir=folder)
    os.close(fd)
    return path


def encode_mp4(frames, width: int, height: int, fps: int = 30, timer: EncodeTimer | None = None,
               scratch: str | None = None) -> bytes:
    """H.264 (High profile), yuv420p, `fps` frames a second, constant frame rate, no audio."""
    # Imported when a clip is encoded: stills never load FFmpeg.
    import av
    path = scratch_file(scratch)
    try:
        with av.open(path, "w", format="mp4",
                     container_options={"movflags": "+faststart", "fflags": "+bitexact"}) as container:
            stream = container.add_stream("libx264", rate=fps, options=dict(MP4_OPTIONS))
            stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
            stream.time_base = Fraction(1, fps)
            stream.codec_context.thread_count = 2
            stream.codec_context.flags |= av.codec.context.Flags.bitexact
            cc = stream.codec_context
            cc.color_range, cc.colorspace, cc.color_primaries, cc.color_trc = 1, 1, 1, 1  # BT.709, limited
            yuv = Yuv420(width, height)
            for i, (rgb, dirty) in enumerate(frames):
                started = time.perf_counter()
                yuv.update(rgb, dirty)
                frame = av.VideoFrame.from_ndarray(yuv.planes, format="yuv420p")
                frame.pts = i
                frame.time_base = Fraction(1, fps)
                _mux(container, stream, frame, timer, started)
            _mux(container, stream, None, timer, time.perf_counter())  # what the encoder still holds
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)


def encode_webp_anim(frames, width: int, height: int, fps: int = 30, timer: EncodeTimer | None = None,
                     scratch: str | None = None) -> bytes:
    """An animated WebP (lossy, looping) of every other frame: WEBP_FPS a second. libwebp's
    animation encoder stores only the rectangle that changed, so a hold costs almost nothing."""
    # Imported when a clip is encoded: stills never load FFmpeg.
    import av
    step = max(1, round(fps / WEBP_FPS))
    path = scratch_file(scratch)
    try:
        with av.open(path, "w", format="webp", container_options={"fflags": "+bitexact", "loop": "0"}) as container:
            stream = container.add_stream("libwebp_anim", rate=fps // step, options=dict(WEBP_OPTIONS))
            stream.width, stream.height, stream.pix_fmt = width, height, "bgra"  # libwebp makes its own YUV
            stream.time_base = Fraction(step, fps)
            stream.codec_context.thread_count = 1
            bgra = np.full((height, width, 4), 255, np.uint8)
            last = None
            n = 0
            for i, (rgb, dirty) in enumerate(frames):
                last = rgb
                if i % step:
                    continue
                _encode(av, container, stream, rgb, bgra, n, step, fps, timer)
                n += 1
            if last is not None and (i % step):  # the very last frame (the still) is always shown
                _encode(av, container, stream, last, bgra, n, step, fps, timer)
            _mux(container, stream, None, timer, time.perf_counter())  # what the encoder still holds
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)


def _encode(av, container, stream, rgb, bgra, n: int, step: int, fps: int, timer) -> None:
    started = time.perf_counter()
    bgra[..., 0], bgra[..., 1], bgra[..., 2] = rgb[..., 2], rgb[..., 1], rgb[..., 0]
    frame = av.VideoFrame.from_ndarray(bgra, format="bgra")
    frame.pts = n
    frame.time_base = Fraction(step, fps)
    _mux(container, stream, frame, timer, started)


def _mux(container, stream, frame, timer: EncodeTimer | None, started: float) -> None:
    """Encode `frame` (None: flush the encoder) and write its packets; the time since `started`
    counts as encoding in the benchmark's split."""
    for packet in stream.encode(frame):
        container.mux(packet)
    if timer:
        timer.seconds += time.perf_counter() - started
