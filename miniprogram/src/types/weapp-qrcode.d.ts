declare module 'weapp-qrcode' {
  interface DrawOptions {
    width: number
    height: number
    canvasId: string
    text: string
    /** The component that owns the canvas (needed inside components). */
    _this?: unknown
    background?: string
    foreground?: string
  }
  export default function drawQrcode(options: DrawOptions): void
}
