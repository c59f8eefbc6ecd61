/** An RGB raster: 3 bytes per pixel (R, G, B), rows top to bottom. */
export interface RgbImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}
