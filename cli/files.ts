/** Files named on the command line: plain files, or every file under a folder. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors.ts';

export interface InputFile {
  /** The path as the user can find it again. */
  path: string;
  /** Name relative to the folder given (or the base name of a file given). */
  name: string;
  size: number;
}

async function walk(dir: string, root: string, out: InputFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, root, out);
    else if (entry.isFile()) out.push({ path: full, name: path.relative(root, full).split(path.sep).join('/'), size: (await stat(full)).size });
  }
}

export async function collectFiles(paths: string[]): Promise<InputFile[]> {
  if (paths.length === 0) throw new UsageError('name at least one file or folder');
  const files: InputFile[] = [];
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`no such file: ${given}`, { cause: error });
      if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`permission denied: ${given}`, { cause: error });
      throw new UsageError(`cannot read ${given}: ${code ?? String(error)}`, { cause: error });
    }
    if (info.isDirectory()) await walk(given, given, files);
    else files.push({ path: given, name: path.basename(given), size: info.size });
  }
  return files;
}
