// The briefing's print button (the page prints well without it: see app.css, @media print).
document.getElementById("print").addEventListener("click", function () { window.print(); });
