// The phone's camera (the rear one when there is one) read frame by frame until a QR code is found. jsQR reads
// the code from the video's pixels, drawn onto a canvas; a frame a few hundred pixels wide takes milliseconds.
import jsQR from 'jsqr';

export interface Scanner {
  stop(): void;
}

/** Starts the camera into `video` and calls `onCode` once with the first QR text read; `onError` if it cannot open. */
export const startScanner = (video: HTMLVideoElement, onCode: (text: string) => void, onError: (error: unknown) => void): Scanner => {
  let stream: MediaStream | undefined;
  let stopped = false;
  let timer: number | undefined;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const stop = () => {
    stopped = true;
    if (timer !== undefined) window.clearTimeout(timer);
    for (const track of stream?.getTracks() ?? []) track.stop();
    video.srcObject = null;
  };
  const look = () => {
    if (stopped || context === null) return;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      const found = jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height, {
        inversionAttempts: 'dontInvert',
      });
      if (found !== null && found.data !== '') {
        stop();
        onCode(found.data);
        return;
      }
    }
    // Five looks a second: enough at a desk, and a cheap phone stays cool.
    timer = window.setTimeout(look, 200);
  };
  navigator.mediaDevices
    .getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
    .then(async (opened) => {
      if (stopped) {
        for (const track of opened.getTracks()) track.stop();
        return;
      }
      stream = opened;
      video.srcObject = opened;
      await video.play();
      look();
    })
    .catch((error: unknown) => {
      stop();
      onError(error);
    });
  return { stop };
};
