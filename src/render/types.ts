/** What every render function returns: an encoded image plus the text a screen reader reads. */
export interface RenderedImage {
  /** File name with extension, e.g. `boundary.png`; adapters attach the image under this name. */
  name: string;
  contentType: 'image/png' | 'image/gif';
  data: Buffer;
  /** Alt text: what the picture shows, in one or two sentences. */
  alt: string;
  /** Size in device pixels. */
  width: number;
  height: number;
  /** Device pixels per layout px (2 = drawn with twice the pixels for sharp display); show at width / pixelRatio CSS px. */
  pixelRatio?: number;
}

/** Every picture's options include how many device pixels to draw per layout px. */
export interface PixelRatioOption {
  /** Device pixels per layout px, 1–3 (default 2: sharp where the chat shows pictures large). */
  pixelRatio?: number;
}
