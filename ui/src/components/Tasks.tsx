/** Work under way (an export, a stage history being read), in a strip under the header: what,
 * and a bar for how far. The header keeps its room for the map's name. */
export type Task = { id: string; text: string; done: number; of: number };

export function Tasks({ tasks }: { tasks: Task[] }) {
  if (tasks.length === 0) return null;
  return (
    <div className="tasks">
      {tasks.map((task) => (
        <span key={task.id} className="progress" role="status" data-task={task.id}>
          {task.text}
          {/* No value while the size is unknown: the bar then says "working" without a share. */}
          <progress max={task.of || undefined} value={task.of ? task.done : undefined} />
        </span>
      ))}
    </div>
  );
}
