package io.waas.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with left-aligned columns two spaces apart, for listings. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  /**
   * Starts a table.
   *
   * @param headers the column titles
   */
  TextTable(String... headers) {
    this.columns = headers.length;
    rows.add(headers.clone());
  }

  /**
   * Adds a row.
   *
   * @param cells one value per column
   * @return this table
   */
  TextTable row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
    return this;
  }

  /**
   * Prints the table.
   *
   * @param out where to print
   * @param indent prefix of every line
   */
  void print(PrintWriter out, String indent) {
    int[] widths = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < columns; i++) {
        line.append(r[i]);
        if (i < columns - 1) {
          char[] pad = new char[widths[i] - r[i].length() + 2];
          Arrays.fill(pad, ' ');
          line.append(pad);
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
