import { useEffect, useRef, useState } from 'react';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}

/**
 * Makes the whole window a drop target for files while `onFiles` is set, and never lets a
 * stray drop navigate the window away. Returns whether files are being dragged over it.
 */
export function useWindowFileDrop(onFiles: ((files: File[]) => void) | null): boolean {
  const [dragging, setDragging] = useState(false);
  const onFilesRef = useRef(onFiles);

  useEffect(() => {
    onFilesRef.current = onFiles;
  }, [onFiles]);

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; count them to know when the window is left.
    let depth = 0;
    const reset = (): void => {
      depth = 0;
      setDragging(false);
    };
    const onEnter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth += 1;
      if (onFilesRef.current) setDragging(true);
    };
    const onLeave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (event: DragEvent): void => {
      const files = carriesFiles(event);
      // Text dragged into a text field keeps working; everything else is ours.
      if (!files && isEditable(event.target)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = files && onFilesRef.current ? 'copy' : 'none';
    };
    const onDrop = (event: DragEvent): void => {
      const files = carriesFiles(event);
      if (!files && isEditable(event.target)) return;
      event.preventDefault();
      reset();
      const dropped = [...(event.dataTransfer?.files ?? [])];
      if (dropped.length > 0) onFilesRef.current?.(dropped);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    window.addEventListener('blur', reset);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('blur', reset);
    };
  }, []);

  // Files dragged over a window that takes none are not worth a highlight.
  return onFiles !== null && dragging;
}
