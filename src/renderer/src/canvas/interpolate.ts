// Shape-based slice interpolation lives in src/imaging so main (one-transaction fill) and the editor share it.
export * from '../../../imaging/interpolate'
