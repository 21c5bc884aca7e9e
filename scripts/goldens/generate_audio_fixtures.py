"""Generate reference audio features for @tensorloom/data's audio module.

Writes WAV clips (written here with Python's struct module, independently of the TypeScript
encoder) and reference features computed in float64 with PyTorch (torch.stft), NumPy
(librosa's mel filterbank and power_to_db formulas, transcribed) and SciPy (scipy.fft.dct for
MFCCs), plus torchaudio's windowed-sinc resampling kernel (transcribed; torchaudio itself is
not packaged by Debian) run with torch.conv1d, to packages/data/test/fixtures/audio/.

Deterministic (fixed seeds). Rerun from the repository root with:

    /usr/bin/python3 scripts/goldens/generate_audio_fixtures.py

(needs Debian's python3-torch, python3-numpy and python3-scipy).
"""

import json
import math
import os
import struct

import numpy as np
import scipy.fft
import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'data', 'test', 'fixtures', 'audio')
RNG = np.random.default_rng(20261201)


def write_wav(path, channels, rate, fmt):
    """fmt: 'u8' | 'i16' | 'i24' | 'i32' | 'f32' | 'f64'; channels: list of float arrays in [-1, 1]."""
    n = len(channels[0])
    code, bits = {'u8': (1, 8), 'i16': (1, 16), 'i24': (1, 24), 'i32': (1, 32), 'f32': (3, 32), 'f64': (3, 64)}[fmt]
    block = len(channels) * bits // 8
    body = bytearray()
    decoded = [np.zeros(n) for _ in channels]
    for i in range(n):
        for c, ch in enumerate(channels):
            v = float(ch[i])
            if fmt == 'u8':
                q = int(round(v * 127)) + 128
                body += struct.pack('<B', q); decoded[c][i] = (q - 128) / 128
            elif fmt == 'i16':
                q = int(round(v * 32767))
                body += struct.pack('<h', q); decoded[c][i] = q / 32768
            elif fmt == 'i24':
                q = int(round(v * 8388607))
                body += struct.pack('<i', q)[:3]; decoded[c][i] = q / 8388608
            elif fmt == 'i32':
                q = int(round(v * 2147483647))
                body += struct.pack('<i', q); decoded[c][i] = q / 2147483648
            elif fmt == 'f32':
                body += struct.pack('<f', v); decoded[c][i] = struct.unpack('<f', struct.pack('<f', v))[0]
            else:
                body += struct.pack('<d', v); decoded[c][i] = v
    # a LIST chunk before 'data' (as many encoders write) checks that unknown chunks are skipped
    info = b'INFOISFT' + struct.pack('<I', 9) + b'tensorlm\x00' + b'\x00'
    header = b'RIFF' + struct.pack('<I', 4 + 24 + 8 + len(info) + 8 + len(body)) + b'WAVE'
    header += b'fmt ' + struct.pack('<IHHIIHH', 16, code, len(channels), rate, rate * block, block, bits)
    header += b'LIST' + struct.pack('<I', len(info)) + info
    header += b'data' + struct.pack('<I', len(body))
    with open(path, 'wb') as f:
        f.write(header + bytes(body))
    return decoded


def hz_to_mel(f, htk):
    f = np.asarray(f, dtype=np.float64)
    if htk:
        return 2595.0 * np.log10(1.0 + f / 700.0)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, mels)


def mel_to_hz(m, htk):
    m = np.asarray(m, dtype=np.float64)
    if htk:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_filters(sr, n_fft, n_mels, fmin, fmax, htk, norm):
    """librosa.filters.mel (0.10), transcribed."""
    fftfreqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin, htk), hz_to_mel(fmax, htk), n_mels + 2), htk)
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((n_mels, 1 + n_fft // 2))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    if norm == 'slaney':
        enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
        weights *= enorm[:, np.newaxis]
    return weights


def power_to_db(s, ref=1.0, amin=1e-10, top_db=80.0):
    """librosa.power_to_db, transcribed."""
    log_spec = 10.0 * np.log10(np.maximum(amin, s)) - 10.0 * np.log10(np.maximum(amin, ref))
    if top_db is not None:
        log_spec = np.maximum(log_spec, log_spec.max() - top_db)
    return log_spec


def power_spec(x, n_fft, hop, win_length):
    window = torch.hann_window(win_length, periodic=True, dtype=torch.float64)
    spec = torch.stft(torch.tensor(x, dtype=torch.float64), n_fft, hop_length=hop, win_length=win_length, window=window,
                      center=True, pad_mode='reflect', return_complex=True)
    return (spec.abs() ** 2).numpy()


def sinc_resample(x, orig, new, lowpass_filter_width=6, rolloff=0.99):
    """torchaudio.functional.resample (sinc_interp_hann), transcribed: kernels + conv1d."""
    g = math.gcd(orig, new)
    orig //= g
    new //= g
    base_freq = min(orig, new) * rolloff
    width = math.ceil(lowpass_filter_width * orig / base_freq)
    idx = torch.arange(-width, width + orig, dtype=torch.float64)[None, None] / orig
    t = torch.arange(0, -new, -1, dtype=torch.float64)[:, None, None] / new + idx
    t *= base_freq
    t = t.clamp_(-lowpass_filter_width, lowpass_filter_width)
    window = torch.cos(t * math.pi / lowpass_filter_width / 2) ** 2
    t *= math.pi
    scale = base_freq / orig
    kernels = torch.where(t == 0, torch.tensor(1.0, dtype=torch.float64), t.sin() / t) * window * scale
    w = torch.tensor(x, dtype=torch.float64)[None, None]
    length = w.shape[-1]
    w = torch.nn.functional.pad(w, (width, width + orig))
    out = torch.nn.functional.conv1d(w, kernels, stride=orig)
    out = out.transpose(1, 2).reshape(-1)
    target = int(math.ceil(new * length / orig))
    return out[:target].numpy()


def r(a):
    return [float(f'{v:.9g}') for v in np.asarray(a, dtype=np.float64).reshape(-1)]


def main():
    os.makedirs(OUT, exist_ok=True)
    sr = 16000
    n = 4000
    t = np.arange(n) / sr
    chirp = 0.5 * np.sin(2 * np.pi * (100 * t + (4000 - 100) / (2 * t[-1]) * t * t)) + 0.05 * RNG.standard_normal(n)
    chirp = np.clip(chirp, -0.99, 0.99)
    decoded = write_wav(os.path.join(OUT, 'chirp_16k_i16.wav'), [chirp], sr, 'i16')[0]

    variants = {}
    two_tone = 0.4 * np.sin(2 * np.pi * 300 * np.arange(2205) / 22050) + 0.3 * np.sin(2 * np.pi * 2500 * np.arange(2205) / 22050)
    left, right = two_tone, -0.5 * two_tone
    for fmt in ['u8', 'i16', 'i24', 'i32', 'f32', 'f64']:
        dec = write_wav(os.path.join(OUT, f'two_tone_22k_stereo_{fmt}.wav'), [left, right], 22050, fmt)
        variants[fmt] = {'sampleRate': 22050, 'length': len(left), 'left': r(dec[0][:64]), 'right': r(dec[1][:64])}

    n_fft, hop = 512, 160
    spec = power_spec(decoded, n_fft, hop, n_fft)
    spec400 = power_spec(decoded, n_fft, hop, 400)
    fb_slaney = mel_filters(sr, n_fft, 40, 0.0, sr / 2, False, 'slaney')
    fb_htk = mel_filters(sr, n_fft, 32, 20.0, 7600.0, True, None)
    mel = fb_slaney @ spec
    mel_htk = fb_htk @ spec
    log_mel = power_to_db(mel)
    mfcc = scipy.fft.dct(log_mel, type=2, axis=0, norm='ortho')[:13]

    mono22 = write_wav(os.path.join(OUT, 'two_tone_22k_mono_f32.wav'), [two_tone], 22050, 'f32')[0]
    down = sinc_resample(mono22, 22050, 16000)
    up = sinc_resample(decoded[:1000], 16000, 22050)

    fixture = {
        'generator': 'scripts/goldens/generate_audio_fixtures.py',
        'torch': torch.__version__, 'numpy': np.__version__,
        'clip': {'file': 'chirp_16k_i16.wav', 'sampleRate': sr, 'length': n, 'first': r(decoded[:64])},
        'wavVariants': variants,
        'stft': {'nFft': n_fft, 'hopLength': hop, 'rows': spec.shape[0], 'frames': spec.shape[1], 'power': r(spec)},
        'stftWin400': {'nFft': n_fft, 'hopLength': hop, 'winLength': 400, 'power': r(spec400)},
        'melSlaney': {'nMels': 40, 'filterbank': r(fb_slaney), 'mel': r(mel)},
        'melHtk': {'nMels': 32, 'fMin': 20.0, 'fMax': 7600.0, 'filterbank': r(fb_htk), 'mel': r(mel_htk)},
        'logMel': {'topDb': 80.0, 'values': r(log_mel)},
        'mfcc': {'nMfcc': 13, 'values': r(mfcc)},
        'resampleDown': {'file': 'two_tone_22k_mono_f32.wav', 'from': 22050, 'to': 16000, 'values': r(down)},
        'resampleUp': {'from': 16000, 'to': 22050, 'inputLength': 1000, 'values': r(up)},
    }
    with open(os.path.join(OUT, 'audio_features.json'), 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
