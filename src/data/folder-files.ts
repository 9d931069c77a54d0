import { ValidationError, type Problem } from '../errors.js';
import { kindOf } from './arguments.js';

/** A file and its path inside the chosen folder, e.g. "cats/tabby.jpg". */
export interface FolderFile {
  path: string;
  file: Blob;
}

/** What a folder import takes: the files of an `<input type="file" webkitdirectory>`, or paths with files (see `filesFromDrop`). */
export type FolderInput = FileList | readonly File[] | readonly FolderFile[];

/** One file of a folder laid out as one subfolder per label: its label folder, its path, the file. */
export interface LabelFolderFile {
  folder: string;
  path: string;
  file: Blob;
}

/**
 * The files of a folder import with their paths: a picked folder's files by their relative path,
 * or the given paths. The folder they share ("photos/" in "photos/cats/a.jpg") is dropped, so
 * paths start at the label folders.
 */
export function folderFiles(input: unknown, call: string): FolderFile[] {
  const list = typeof FileList !== 'undefined' && input instanceof FileList ? [...input] : input;
  if (!Array.isArray(list)) throw new ValidationError(call, [{ field: 'files', value: kindOf(input), reason: 'expected the files of a folder (a FileList, File[] or { path, file }[])' }]);
  const problems: Problem[] = [];
  const files = list.flatMap((item: unknown, index): FolderFile[] => {
    if (item instanceof File) return [{ path: item.webkitRelativePath || item.name, file: item }];
    const given = item as Partial<FolderFile> | null;
    if (typeof given?.path === 'string' && given.path !== '' && given.file instanceof Blob) return [{ path: given.path, file: given.file }];
    problems.push({ index, field: 'files', value: kindOf(item), reason: 'each entry must be a File or { path, file: Blob }' });
    return [];
  });
  if (problems.length) throw new ValidationError(call, problems.slice(0, 10));
  const split = files.map((f) => f.path.split('/').filter(Boolean));
  const root = split[0]?.[0];
  const shared = split.length > 0 && split.every((parts) => parts.length >= 2 && parts[0] === root) && split.some((parts) => parts.length >= 3);
  return files.map((f, i) => ({ path: (shared ? split[i].slice(1) : split[i]).join('/'), file: f.file }));
}

/**
 * Files by label folder (the first part of each path). Hidden files (a part starting with ".")
 * are left out; a file at the top level, or no file at all, is a problem naming it.
 */
export function labelFolders(files: readonly FolderFile[]): { files: LabelFolderFile[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const out: LabelFolderFile[] = [];
  for (const { path, file } of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const parts = path.split('/');
    if (parts.some((part) => part.startsWith('.'))) continue;
    if (parts.length < 2) problems.push({ field: 'file', value: path, reason: 'a file at the top level of the folder: put each file in the subfolder of its label (e.g. cats/photo.jpg)' });
    else out.push({ folder: parts[0], path, file });
  }
  if (out.length === 0 && problems.length === 0) problems.push({ field: 'files', value: 'no files', reason: 'the folder holds no files: it needs one subfolder per label, each holding that label\'s images or sounds' });
  return { files: out, problems };
}

/**
 * The files of a drop (folders walked to the end) with their paths, for `importFolder`:
 * `datasets.importFolder(id, await filesFromDrop(event.dataTransfer))`.
 */
export async function filesFromDrop(data: DataTransfer): Promise<FolderFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry()).filter((entry): entry is FileSystemEntry => entry !== null);
  const out: FolderFile[] = [];
  const walk = async (entry: FileSystemEntry, path: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push({ path: `${path}${entry.name}`, file });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // A directory reader answers in pages until it answers an empty one.
    for (;;) {
      const page = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (page.length === 0) break;
      for (const child of page) await walk(child, `${path}${entry.name}/`);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return out;
}
