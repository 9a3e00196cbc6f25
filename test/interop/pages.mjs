// Walks the page headers of every column chunk with hyparquet's own thrift
// decoder, so tests can see dictionary pages, encodings and page counts.

import { readFile } from 'node:fs/promises';
import { parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';

/**
 * Returns {metadata, chunks}, chunks = [{rowGroup, column, numValues,
 * pages: [{type, encoding, uncompressed, compressed, numValues}]}].
 */
export async function pageLayout(file) {
  const buf = await readFile(file);
  const arrayBuffer = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const metadata = parquetMetadata(arrayBuffer);
  const view = new DataView(arrayBuffer);
  const chunks = [];
  metadata.row_groups.forEach((rg, rgIndex) => {
    for (const cc of rg.columns) {
      const md = cc.meta_data;
      const start = Number(md.dictionary_page_offset ?? md.data_page_offset);
      const end = start + Number(md.total_compressed_size);
      const reader = { view, offset: start };
      const pages = [];
      while (reader.offset < end) {
        const h = parquetHeader(reader);
        const body = h.data_page_header ?? h.data_page_header_v2 ?? h.dictionary_page_header;
        pages.push({
          type: h.type,
          encoding: body?.encoding,
          uncompressed: h.uncompressed_page_size,
          compressed: h.compressed_page_size,
          numValues: body?.num_values,
        });
        reader.offset += h.compressed_page_size;
      }
      chunks.push({ rowGroup: rgIndex, column: md.path_in_schema.join('.'), numValues: Number(md.num_values), pages });
    }
  });
  return { metadata, chunks };
}

export const isDictEncoding = (e) => e === 'RLE_DICTIONARY' || e === 'PLAIN_DICTIONARY';
export const dataPages = (chunk) => chunk.pages.filter((p) => p.type === 'DATA_PAGE' || p.type === 'DATA_PAGE_V2');
export const dictPages = (chunk) => chunk.pages.filter((p) => p.type === 'DICTIONARY_PAGE');
