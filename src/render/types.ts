/** What every render function returns: an encoded image plus the text a screen reader reads. */
export interface RenderedImage {
  /** File name with extension, e.g. `boundary.png`; adapters attach the image under this name. */
  name: string;
  contentType: 'image/png' | 'image/gif';
  data: Buffer;
  /** Alt text: what the picture shows, in one or two sentences. */
  alt: string;
  width: number;
  height: number;
}
