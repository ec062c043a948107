// Case and accents do not matter: "resume" finds "Résumé".
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** The items whose title holds every word of the query, in any order; all of them for a blank query. */
export function filterByTitle<T extends { title: string }>(items: readonly T[], query: string): readonly T[] {
  const words = fold(query).split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return items;
  return items.filter((item) => {
    const title = fold(item.title);
    return words.every((word) => title.includes(word));
  });
}
