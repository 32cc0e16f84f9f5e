/**
 * Figures for a manuscript: width units and presets, bad option values, the PDF (bytes reproducible,
 * font embedded, text extractable), the print theme and layout, SVG def ids independent of earlier
 * renders, the SVG font (embedded subset or outlines) checked in headless Chromium.
 * Per-figure checks at column width run with the snapshot tests (test/lib/snapshots.ts → print.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fontsDir } from '../src/render/fonts.js';
import { parseDpi, parseWidth, WIDTH_PRESETS } from '../src/render/options.js';
import { renderSpec } from '../src/render/render.js';
import { figureSpec, hconcat, lineChart, vconcat } from '../src/render/spec.js';
import { printPalette } from '../src/render/theme.js';
import { UsageError } from '../src/errors.js';
import { axisTitles, checkPrint, fontSizes, hasTool, POPPLER_MISSING } from './lib/print.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'lrnn-manuscript-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A figure shaped like the paper's: two rows of three panels, legends, theory lines, rules, markers. */
function sample(title = 'Sample figure') {
  const t = Array.from({ length: 30 }, (_, i) => i / 5);
  const panel = (k: number) =>
    lineChart({
      title: `panel ${k}: relaxation at rate λ`,
      x: { title: 't_θ/τ' },
      y: { title: `mode b${k}`, domain: [0, 1.1] }, // a domain: the lines are clipped (clip paths in the SVG)
      colorTitle: 'λ',
      series: [0.5, 1, 2].flatMap((l) => [
        { name: `λ = ${l}`, kind: 'simulation' as const, x: t, y: t.map((v) => 1 - Math.exp(-l * v) * 1.02) },
        { name: `λ = ${l}`, kind: 'theory' as const, x: t, y: t.map((v) => 1 - Math.exp(-l * v)) },
      ]),
      markers: [{ label: 'diverged', points: [{ x: 3, y: 0.5 }] }],
      rules: [
        { y: 1, label: 'b = 1', labelAt: 'start', halo: true },
        { x: 2, label: 'edge' },
      ],
      width: 220,
      height: 160,
    });
  return figureSpec(title, vconcat([hconcat([panel(1), panel(2), panel(3)], { independentLegends: true }), hconcat([panel(4), panel(5)])]));
}

describe('width and dpi options', () => {
  it('parses units and presets into points', () => {
    assert.equal(parseWidth('3.3in'), 3.3 * 72);
    assert.ok(Math.abs(parseWidth('85mm') - (85 / 25.4) * 72) < 1e-9);
    assert.ok(Math.abs(parseWidth('17.8cm') - (17.8 / 2.54) * 72) < 1e-9);
    assert.equal(parseWidth('246pt'), 246);
    assert.equal(parseWidth('column'), WIDTH_PRESETS.column);
    assert.equal(parseWidth('page'), WIDTH_PRESETS.page);
    assert.equal(WIDTH_PRESETS.column, 234);
    for (const bad of ['3.3', '3.3 inches', 'wide', '-2in', '0.5in', '30in', '']) {
      assert.throws(
        () => parseWidth(bad),
        (e: unknown) => e instanceof UsageError && e.message.includes(`'${bad}'`),
        bad,
      );
    }
    assert.equal(parseDpi('300'), 300);
    for (const bad of ['0', '299.5', 'high', '100000']) assert.throws(() => parseDpi(bad), UsageError, bad);
  });

  it('bad --width, --dpi, --theme, --svg-text, --format: one line, exit 2, nothing written', () => {
    const out = join(tmp, 'bad');
    for (const args of [
      ['--width', '3.3'],
      ['--width', 'huge'],
      ['--dpi', '-1'],
      ['--theme', 'paper'],
      ['--svg-text', 'outline'],
      ['--format', 'pdf,eps'],
    ]) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'lrnn'), 'repro', 'fig2', '--quick', '--out', out, ...args], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}, stderr ${r.stderr}`);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `${args.join(' ')}: one line, got ${r.stderr}`);
      const bad = args[1].split(',').pop()!;
      assert.ok(lines[0].includes(`'${bad}'`), `${args.join(' ')}: message names the value: ${lines[0]}`);
      assert.ok(!existsSync(out) || readdirSync(out).length === 0, 'nothing written');
    }
  });
});

describe('PDF', () => {
  it('the same spec gives the same bytes; the page is the asked width', async () => {
    const a = await renderSpec(sample(), ['pdf'], { theme: 'print', widthPt: parseWidth('85mm') });
    const b = await renderSpec(sample(), ['pdf'], { theme: 'print', widthPt: parseWidth('85mm') });
    assert.ok(a.pdf && a.pdf.subarray(0, 5).toString() === '%PDF-');
    assert.ok(a.pdf.equals(b.pdf!), 'PDF bytes differ between two renders');
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(a.pdf.toString('latin1'));
    assert.ok(box, 'MediaBox');
    assert.ok(Math.abs(Number(box[1]) - (85 / 25.4) * 72) < 0.01, `page width ${box[1]}`);
  });

  it('embeds DejaVu Sans and keeps the text as text', async (t) => {
    if (!hasTool('pdffonts')) return t.skip(POPPLER_MISSING);
    const c = await checkPrint('sample', sample());
    assert.ok(c.minFontPt >= 7);
  });

  it('screen theme PDF: figure title and axis titles extractable', async (t) => {
    if (!hasTool('pdftotext')) return t.skip(POPPLER_MISSING);
    const r = await renderSpec(sample('Fig. Z — a title'), ['pdf']);
    const file = join(tmp, 'screen.pdf');
    writeFileSync(file, r.pdf!);
    const text = spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    for (const s of ['Fig.Z—atitle', ...axisTitles(r.spec)]) assert.ok(text.includes(s.replace(/\s+/g, '')), s);
  });
});

describe('print theme and layout', () => {
  it('no super-title, lettered panels, 7–9 pt text at every width, viridis palette', async () => {
    for (const width of ['column', 'page', '120mm']) {
      const r = await renderSpec(sample(), ['svg'], { theme: 'print', widthPt: parseWidth(width) });
      assert.ok(!r.svg!.includes('Sample figure'), 'no figure title');
      for (const letter of ['(a)', '(b)', '(c)', '(d)', '(e)']) assert.ok(r.svg!.includes(letter), `${width}: panel letter ${letter}`);
      const sizes = fontSizes(r.svg!).map((s) => s * r.scale);
      assert.ok(Math.min(...sizes) >= 7 && Math.max(...sizes) <= 9, `${width}: sizes ${Math.min(...sizes)}–${Math.max(...sizes)}`);
      assert.ok(Math.abs(r.size.width - parseWidth(width)) < 1e-6);
      // The layout, not a scaling, makes the width: at most a few per cent are scaled (text only grows).
      assert.ok(r.scale >= 1 && r.scale < 1.08, `${width}: scale ${r.scale}`);
    }
    const palette = printPalette(4);
    const lum = palette.map((c) => {
      const [r, g, b] = (
        /^rgb\((\d+), ?(\d+), ?(\d+)\)$/.exec(c)?.slice(1) ?? [1, 3, 5].map((i) => String(parseInt(c.slice(i, i + 2), 16)))
      ).map((v) => Number(v) / 255);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    });
    for (let i = 1; i < lum.length; i++) assert.ok(lum[i] - lum[i - 1] > 0.1, `greyscale steps ${lum.map((l) => l.toFixed(2))}`);
  });

  it('the layout adapts: panels wrap onto more rows at column width than at page width', async () => {
    const column = await renderSpec(sample(), ['svg'], { theme: 'print', widthPt: WIDTH_PRESETS.column });
    const page = await renderSpec(sample(), ['svg'], { theme: 'print', widthPt: WIDTH_PRESETS.page });
    const rows = (s: unknown) => JSON.stringify(s).includes('"columns":');
    assert.ok(rows(column.spec), 'column width wraps the three-panel row');
    assert.ok(
      column.size.height / column.size.width > page.size.height / page.size.width,
      'a column figure is taller relative to its width',
    );
  });

  it('the default screen look is drawn as given', async () => {
    const spec = sample();
    const r = await renderSpec(spec, ['svg']);
    assert.equal(r.spec, spec);
    assert.equal(r.scale, 1);
  });
});

describe('SVG', () => {
  it('def ids do not depend on what was rendered before', async () => {
    const x = sample('X');
    const alone = (await renderSpec(x, ['svg'])).svg;
    await renderSpec(sample('Y'), ['svg']);
    await renderSpec(sample('Y'), ['svg', 'pdf'], { theme: 'print' });
    const after = (await renderSpec(x, ['svg'])).svg;
    assert.ok(alone!.includes('clip-path="url(#clip'), 'the sample has clip paths');
    assert.equal(after, alone);
  });

  it('embeds the used glyphs as @font-face with a generic fallback, or writes outlines', async () => {
    const font = (await renderSpec(sample(), ['svg'])).svg!;
    assert.match(font, /@font-face\{font-family:'DejaVu Sans';font-style:normal;font-weight:normal;src:url\(data:font\/woff2;base64,/);
    assert.ok(!/font-family="DejaVu Sans"/.test(font), 'every family has a fallback');
    assert.match(font, /font-family="DejaVu Sans, sans-serif"/);
    const paths = (await renderSpec(sample(), ['svg'], { svgText: 'paths' })).svg!;
    assert.ok(!paths.includes('<text'), 'no text elements left');
    assert.ok(!paths.includes('@font-face'));
    assert.match(paths, /aria-label="t_θ\/τ"/);
  });

  it('renders the same in headless Chromium with and without DejaVu Sans installed', async (t) => {
    const chromium = ['chromium', 'chromium-browser'].find((c) => !spawnSync(c, ['--version']).error);
    if (!chromium) return t.skip('chromium not installed: apt-get install -y chromium');
    const dir = join(tmp, 'chromium');
    mkdirSync(dir, { recursive: true });
    // "With": the system's fonts plus the shipped DejaVu; "without": the system's fonts, DejaVu Sans rejected.
    const conf = (name: string, body: string) => {
      const file = join(dir, name);
      writeFileSync(
        file,
        `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>${body}<cachedir>${join(dir, 'fc-cache')}</cachedir></fontconfig>\n`,
      );
      return file;
    };
    const withFont = conf('with.conf', `<dir>${fontsDir()}</dir>`);
    const without = conf(
      'without.conf',
      '<selectfont><rejectfont><pattern><patelt name="family"><string>DejaVu Sans</string></patelt></pattern></rejectfont></selectfont>',
    );
    const r = await renderSpec(sample(), ['svg']);
    const { width, height } = r.size;
    const svgs: Record<string, string> = {
      embedded: r.svg!,
      // The same SVG without the @font-face rule: must change without DejaVu, or this test proves nothing.
      bare: r.svg!.replace(/<defs><style[\s\S]*?<\/style><\/defs>/, ''),
    };
    let n = 0;
    const shot = (svg: string, fontconfig: string): Buffer => {
      const file = join(dir, `f${n}.svg`);
      const png = join(dir, `f${n}.png`);
      const profile = join(dir, `profile${n++}`);
      writeFileSync(file, svg);
      const res = spawnSync(
        chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${profile}`,
          '--hide-scrollbars',
          `--window-size=${Math.ceil(width)},${Math.ceil(height)}`,
          `--screenshot=${png}`,
          `file://${file}`,
        ],
        { env: { ...process.env, FONTCONFIG_FILE: fontconfig }, timeout: 60_000 },
      );
      assert.ok(existsSync(png), `chromium wrote no screenshot: ${res.stderr?.toString().slice(-300)}`);
      return readFileSync(png); // Chromium writes no timestamps into its screenshots
    };
    const same = shot(svgs.embedded, withFont).equals(shot(svgs.embedded, without));
    const bareSame = shot(svgs.bare, withFont).equals(shot(svgs.bare, without));
    assert.ok(!bareSame, 'without the embedded font the rendering changes once DejaVu is hidden (the check can fail)');
    assert.ok(same, 'the SVG with the embedded font renders identically with and without DejaVu Sans installed');
  });
});
