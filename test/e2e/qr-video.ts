// A card's QR as a camera would see it: the QR matrix drawn by the `qrcode` package (as printed: a quiet zone of 4
// modules, dark on white), written as a YUV4MPEG2 (Y4M) video that Chromium's fake camera plays in a loop
// (--use-file-for-fake-video-capture). Y4M 4:2:0: a text header, then per frame `FRAME\n`, the luma plane
// (one byte a pixel) and the two chroma planes (a quarter of that each; 128 is no colour).
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/** Frame size of the fake camera: the size getUserMedia asks for by default, so nothing is scaled. */
const width = 640;
const height = 480;
const quietModules = 4;

export const writeQrVideo = (text: string, path: string, frames = 5): void => {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = modules.size + 2 * quietModules;
  const modulePixels = Math.floor(Math.min(width, height) / side);
  if (modulePixels < 3) throw new Error(`a QR of ${modules.size} modules does not fit a ${width}x${height} frame at 3 pixels a module`);
  const left = Math.floor((width - side * modulePixels) / 2);
  const top = Math.floor((height - side * modulePixels) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let row = 0; row < modules.size; row += 1) {
    for (let column = 0; column < modules.size; column += 1) {
      if (!modules.get(row, column)) continue;
      const x0 = left + (column + quietModules) * modulePixels;
      const y0 = top + (row + quietModules) * modulePixels;
      for (let y = y0; y < y0 + modulePixels; y += 1) luma.fill(16, y * width + x0, y * width + x0 + modulePixels);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F25:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
};

/** The camera switches that feed Chromium's fake camera from `videoPath` and grant it without asking. */
export const fakeCameraArgs = (videoPath: string): string[] => [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${videoPath}`,
];
